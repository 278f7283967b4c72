import type { ContentType } from "./schema";

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((byte, index) => bytes[at + index] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/**
 * The image type the bytes themselves declare by their magic numbers, or undefined: what a file is, whatever
 * its name or the uploader's word. Pure; reads at most the first 32 bytes.
 */
export function sniff(bytes: Uint8Array): ContentType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  // ISO-BMFF: a box size, "ftyp", then the major brand; AVIF stills and sequences.
  if (startsWith(bytes, ascii("ftyp"), 4)) {
    const brand = String.fromCharCode(...bytes.slice(8, 12));
    if (brand === "avif" || brand === "avis") return "image/avif";
  }
  return undefined;
}

/** HEIF brands whose pictures are HEVC-coded (iPhone "High Efficiency" photos). */
const HEVC_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx"]);

/**
 * True when the bytes are an ISO-BMFF file whose major brand is HEVC-coded HEIF: what a phone's HEIC photo
 * is. Told apart from AVIF (also HEIF) so the refusal can say what to do instead.
 */
export function isHeic(bytes: Uint8Array): boolean {
  return startsWith(bytes, ascii("ftyp"), 4) && HEVC_BRANDS.has(String.fromCharCode(...bytes.slice(8, 12)));
}
