import { MAX_INPUT_PIXELS, VARIANT_WIDTHS } from "./schema";

const SHARP = "sharp";

export interface Processed {
  width: number;
  height: number;
  variants: { width: number; height: number; bytes: Buffer }[];
}

/** Why bytes that passed the magic-number check still could not become an image. */
export class ProcessingFailed extends Error {
  constructor(
    readonly reason: "too_many_pixels" | "unreadable",
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

/** The widths to make for an image `width` wide: the standard ones that fit, or the original width alone. */
export function variantWidths(width: number): number[] {
  const fitting = VARIANT_WIDTHS.filter((candidate) => candidate <= width);
  return fitting.length > 0 ? fitting : [width];
}

/**
 * Decodes once (refusing more than MAX_INPUT_PIXELS), turns the pixels upright per the EXIF orientation, and
 * writes WebP variants. sharp writes no metadata unless asked, so EXIF (GPS included), XMP and IPTC are gone
 * from every variant; only the pixels travel.
 */
export async function processImage(bytes: Uint8Array): Promise<Processed> {
  // Loaded on first use: only the API function processes images and ships sharp's native code; the stream
  // and job functions import this domain without it (infra/app.ts keeps sharp out of every bundle).
  // The specifier is a variable so no bundler follows it (SST's esbuild cannot parse sharp's own ESM).
  const { default: sharp } = (await import(SHARP)) as typeof import("sharp");
  try {
    const upright = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" }).rotate();
    const { data, info } = await upright.raw().toBuffer({ resolveWithObject: true });
    const pixels = () =>
      sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const variants = await Promise.all(
      variantWidths(info.width).map(async (width) => {
        const out = await pixels()
          .resize({ width, withoutEnlargement: true })
          .webp({ quality: 80 })
          .toBuffer({ resolveWithObject: true });
        return { width: out.info.width, height: out.info.height, bytes: out.data };
      }),
    );
    return { width: info.width, height: info.height, variants };
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    throw new ProcessingFailed(/pixel limit/i.test(message) ? "too_many_pixels" : "unreadable", {
      cause: error,
    });
  }
}
