export * as Image from "./index";

import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { AppError, ForbiddenError, NotFoundError, ValidationError } from "../util/errors";
import { createId } from "../util/id";
import { parseInput } from "../util/validate";
import * as Bucket from "./bucket";
import { ImageStore } from "./image.dynamo";
import { ProcessingFailed, processImage } from "./process";
import {
  type Attachment,
  type ContentType,
  CreateUploadInput,
  type ImageView,
  type Info,
  MAX_UPLOAD_BYTES,
  type Purpose,
  type State,
  type Upload,
  type Variant,
} from "./schema";
import { isHeic, sniff } from "./sniff";

export * from "./schema";
export { isHeic, sniff } from "./sniff";

/** Variants never change once written (a new upload is a new id), so caches keep them for good. */
export const MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** How long a presigned upload stays usable. */
const UPLOAD_EXPIRES_SECONDS = 600;

/**
 * Bucket layout: the original under `uploads/` (private, never served, deleted once processed) and the
 * variants under `media/`, which is exactly the path the site serves them at (`/media/...`).
 */
const originalKey = (imageId: string) => `uploads/${imageId}`;
const variantKey = (imageId: string, width: number) => `media/${imageId}/w${width}.webp`;

export class ImageNotFoundError extends NotFoundError {
  constructor() {
    super("Image", "image_not_found");
  }
}

export class NotImageOwnerError extends ForbiddenError {
  constructor() {
    super("Only the person who uploaded this image can use it", "not_image_owner");
  }
}

export class UploadTooLargeError extends AppError {
  constructor() {
    super("too_large", "upload_too_large", `Images can be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, {
      maxBytes: MAX_UPLOAD_BYTES,
    });
  }
}

export class UploadMissingError extends AppError {
  constructor() {
    super("conflict", "upload_missing", "Nothing was uploaded for this id yet; send the file, then complete");
  }
}

export class UploadNotImageError extends AppError {
  constructor(declared: ContentType, found: ContentType | undefined) {
    super(
      "validation",
      "upload_not_image",
      found
        ? `The file is ${found}, not the ${declared} that was declared`
        : `The file is not an image of a supported type (declared ${declared})`,
      { declared, found: found ?? null },
    );
  }
}

/** The image processor shipped here has no HEVC decoder, so a HEIC photo is refused before it is stored. */
export class HeicNotSupportedError extends AppError {
  constructor() {
    super(
      "validation",
      "image_heic_unsupported",
      "HEIC photos cannot be processed here: export the photo as JPEG (on an iPhone, share or save it as JPEG, or set Camera › Formats to Most Compatible) and upload that",
    );
  }
}

export class ImageTooManyPixelsError extends AppError {
  constructor() {
    super("validation", "image_too_many_pixels", "The image has too many pixels to process");
  }
}

export class ImageUnreadableError extends AppError {
  constructor() {
    super("validation", "image_unreadable", "The image could not be read; it may be damaged");
  }
}

export class ImageNotReadyError extends AppError {
  constructor() {
    super("conflict", "image_not_ready", "Complete the upload before using the image");
  }
}

function stateOf(image: Info): State {
  return {
    id: image.id,
    status: image.status,
    width: image.width,
    height: image.height,
    variants: image.variants,
  };
}

async function loadOwn(actor: Actor, imageId: string): Promise<Info> {
  const user = Actor.requireUser(actor);
  const image = await ImageStore.get(imageId);
  if (!image) throw new ImageNotFoundError();
  if (image.ownerId !== user.userId) throw new NotImageOwnerError();
  return image;
}

/** Declares an upload and answers the presigned POST that may store exactly it. */
export async function createUpload(actor: Actor, raw: unknown): Promise<Upload> {
  const user = Actor.requireUser(actor);
  const input = parseInput(CreateUploadInput, raw);
  if (input.size > MAX_UPLOAD_BYTES) throw new UploadTooLargeError();
  const { contentType } = input;
  if (contentType === "image/heic" || contentType === "image/heif") throw new HeicNotSupportedError();
  const image = await declare(user.userId, input.purpose, contentType, input.size);
  const post = await Bucket.presignPost(
    originalKey(image.id),
    contentType,
    input.size,
    UPLOAD_EXPIRES_SECONDS,
  );
  return { id: image.id, upload: { url: post.url, method: "POST", fields: post.fields } };
}

async function declare(ownerId: string, purpose: Purpose, contentType: ContentType, size: number) {
  const image: Info = {
    id: createId("img"),
    ownerId,
    purpose,
    contentType,
    size,
    status: "pending",
    width: null,
    height: null,
    variants: [],
    createdAt: Clock.now().toISOString(),
  };
  await ImageStore.insert(image);
  return image;
}

/**
 * Checks what was uploaded (size within the declaration, bytes of the declared type by their magic numbers,
 * decodable within the pixel limit) and processes it into stripped WebP variants. Inline: it runs in the API
 * call, locally and in the cloud (the API function has the memory for it). Refused bytes are deleted.
 * Completing a ready image again answers it unchanged.
 */
export async function complete(actor: Actor, imageId: string): Promise<State> {
  const image = await loadOwn(actor, imageId);
  if (image.status === "ready") return stateOf(image);
  return stateOf(await processStored(image));
}

async function processStored(image: Info): Promise<Info> {
  const key = originalKey(image.id);
  const size = await Bucket.sizeOf(key);
  if (size === undefined) throw new UploadMissingError();
  const refuse = async (error: AppError): Promise<never> => {
    await Bucket.remove(key);
    throw error;
  };
  if (size > image.size || size > MAX_UPLOAD_BYTES) return refuse(new UploadTooLargeError());
  const stored = await Bucket.read(key);
  if (!stored) throw new UploadMissingError();
  if (isHeic(stored.bytes)) return refuse(new HeicNotSupportedError());
  const found = sniff(stored.bytes);
  if (found !== image.contentType) return refuse(new UploadNotImageError(image.contentType, found));
  let processed: Awaited<ReturnType<typeof processImage>>;
  try {
    processed = await processImage(stored.bytes);
  } catch (error) {
    if (!(error instanceof ProcessingFailed)) throw error;
    return refuse(
      error.reason === "too_many_pixels" ? new ImageTooManyPixelsError() : new ImageUnreadableError(),
    );
  }
  const variants: Variant[] = await Promise.all(
    processed.variants.map(async (variant) => {
      const variantPath = variantKey(image.id, variant.width);
      await Bucket.write(variantPath, variant.bytes, "image/webp", MEDIA_CACHE_CONTROL);
      return {
        width: variant.width,
        height: variant.height,
        url: `/${variantPath}`,
        type: "image/webp" as const,
      };
    }),
  );
  variants.sort((a, b) => a.width - b.width);
  const ready = await ImageStore.markReady(image.id, {
    width: processed.width,
    height: processed.height,
    variants,
  });
  // The original may carry GPS and other metadata; only the stripped variants are kept.
  await Bucket.remove(key);
  return ready;
}

/** An upload's state, for its uploader while it is processed. */
export async function get(actor: Actor, imageId: string): Promise<State> {
  return stateOf(await loadOwn(actor, imageId));
}

/**
 * Server-side bytes (a product page's image, demo data) through the same pipeline: declared, stored in the
 * bucket, then checked and processed as an upload would be. Owned by `ownerId`, who may then attach it.
 */
export async function ingest(ownerId: string, purpose: Purpose, bytes: Uint8Array): Promise<State> {
  if (bytes.length > MAX_UPLOAD_BYTES) throw new UploadTooLargeError();
  if (isHeic(bytes)) throw new HeicNotSupportedError();
  const contentType = sniff(bytes);
  if (!contentType) throw new UploadNotImageError("image/jpeg", undefined);
  const image = await declare(ownerId, purpose, contentType, bytes.length);
  await Bucket.write(originalKey(image.id), bytes, contentType);
  return stateOf(await processStored(image));
}

/**
 * The image view an entity stores when a write names an image: only its uploader may attach it, and only
 * once processed. Entities keep the view itself (variants included), so lists answer covers without
 * another read.
 */
export async function attach(actor: Actor, attachment: Attachment): Promise<ImageView> {
  const image = await loadOwn(actor, attachment.imageId);
  if (image.status !== "ready" || image.width === null || image.height === null)
    throw new ImageNotReadyError();
  return {
    id: image.id,
    alt: attachment.alt,
    width: image.width,
    height: image.height,
    variants: image.variants,
  };
}

/**
 * For an update: `undefined` keeps the stored image, `null` removes it, an id attaches that image (keeping
 * the stored one when it is the same id, so only the alt text changes without re-checking ownership).
 */
export async function resolveChange(
  actor: Actor,
  current: ImageView | null,
  change: { imageId: string | null | undefined; alt: string | undefined; altField: string },
): Promise<ImageView | null | undefined> {
  const { imageId, alt, altField } = change;
  if (imageId === undefined) return current && alt ? { ...current, alt } : undefined;
  if (imageId === null) return null;
  if (current?.id === imageId) return { ...current, alt: alt || current.alt };
  if (!alt) throw new ValidationError([{ path: altField, message: "Describe the image (alt text)" }]);
  return attach(actor, { imageId, alt });
}

/** Served variants: a `/media/...` path (as a variant url names it) to its stored object. */
export async function readMedia(path: string): Promise<Bucket.StoredObject | undefined> {
  const key = path.replace(/^\/+/, "");
  if (!/^media\/img_[0-9A-Z]+\/w\d+\.webp$/.test(key)) return undefined;
  return Bucket.read(key);
}
