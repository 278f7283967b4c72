import * as z from "zod";

/** What an upload is for; it decides nothing about processing today, but travels with the image for audits. */
export const Purpose = z.enum([
  "guide_cover",
  "product_card",
  "avatar",
  "banner",
  "brand_logo",
  "product",
  "groupbuy",
]);
export type Purpose = z.infer<typeof Purpose>;

/**
 * The types an upload may declare. HEIC is not among them: the sharp build shipped for this platform reads
 * HEIF only as AVIF (no HEVC decoder), so a HEIC photo could be stored but never processed.
 */
export const ContentType = z.enum(["image/jpeg", "image/png", "image/webp", "image/avif"]);
export type ContentType = z.infer<typeof ContentType>;

/** HEIC/HEIF may be declared only to be refused with `image_heic_unsupported`, which says to export a JPEG. */
export const HeicType = z.enum(["image/heic", "image/heif"]);

/** The largest upload a person may declare (and the presigned POST's byte limit). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Decoding refuses anything larger than this many pixels: a small file that inflates to gigabytes. */
export const MAX_INPUT_PIXELS = 40_000_000;

/** Variant widths; never wider than the original (no upscaling). */
export const VARIANT_WIDTHS = [320, 640, 1280] as const;

export const CreateUploadInput = z.object({
  purpose: Purpose,
  contentType: z.union([ContentType, HeicType]),
  /** Bytes the client will send; larger than MAX_UPLOAD_BYTES is refused with `upload_too_large`. */
  size: z.number().int().min(1),
});
export type CreateUploadInput = z.infer<typeof CreateUploadInput>;

export const Upload = z.object({
  id: z.string(),
  upload: z.object({
    url: z.string(),
    method: z.literal("POST"),
    /** Form fields to send before the file (the file goes last, as `file`). */
    fields: z.record(z.string(), z.string()),
  }),
});
export type Upload = z.infer<typeof Upload>;

export const Variant = z.object({
  width: z.number().int(),
  height: z.number().int(),
  /** Same-origin and path-absolute: `/media/<key>`. */
  url: z.string(),
  type: z.literal("image/webp"),
});
export type Variant = z.infer<typeof Variant>;

/** An image as entities answer it (the contract shared with the web): variants by width, ascending. */
export const ImageView = z.object({
  id: z.string(),
  alt: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  variants: z.array(Variant),
});
export type ImageView = z.infer<typeof ImageView>;

export const Status = z.enum(["pending", "ready"]);
export type Status = z.infer<typeof Status>;

/** An upload as stored: declared first, then processed. */
export const Info = z.object({
  id: z.string(),
  ownerId: z.string(),
  purpose: Purpose,
  contentType: ContentType,
  size: z.number().int(),
  status: Status,
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  variants: z.array(Variant),
  createdAt: z.string(),
});
export type Info = z.infer<typeof Info>;

/** What complete and GET /images/{id} answer. */
export const State = Info.pick({ id: true, status: true, width: true, height: true, variants: true });
export type State = z.infer<typeof State>;

/** A write that names an image: its id and the words that describe it. */
export const Attachment = z.object({
  imageId: z.string().trim().min(1).max(64),
  alt: z.string().trim().min(1, { error: "Describe the image" }).max(300),
});
export type Attachment = z.infer<typeof Attachment>;
