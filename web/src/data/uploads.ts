import type { InferRequestType, InferResponseType } from "hono/client";
import { ApiError, api, unwrap } from "../api/client";

export type UploadPurpose = InferRequestType<typeof api.v1.uploads.$post>["json"]["purpose"];
export type ImageState = InferResponseType<(typeof api.v1.uploads)[":id"]["complete"]["$post"], 200>["image"];
export type ImportedProduct = InferResponseType<typeof api.v1.imports.product.$post, 200>;

const TYPES = ["image/jpeg", "image/png", "image/webp", "image/avif"] as const;
type UploadType = (typeof TYPES)[number];
const isUploadType = (type: string): type is UploadType => (TYPES as readonly string[]).includes(type);

/**
 * The one upload path for every form: declare the file, send it straight to storage with the presigned POST
 * (fields first, the file last), then ask the API to check and process it. Answers the processed image, whose
 * `id` the form then sends (`coverImageId`, `avatarImageId`, ...).
 */
export async function uploadImage(file: File, purpose: UploadPurpose): Promise<ImageState> {
  if (!isUploadType(file.type))
    throw new ApiError(422, "upload_not_image", "Choose a JPEG, PNG, WebP or AVIF image");
  const { id, upload } = await unwrap(
    api.v1.uploads.$post({ json: { purpose, contentType: file.type, size: file.size } }),
  );
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append("file", file);
  const sent = await fetch(upload.url, { method: upload.method, body: form });
  if (!sent.ok) throw new ApiError(sent.status, "upload_failed", "The image could not be sent; try again");
  const { image } = await unwrap(api.v1.uploads[":id"].complete.$post({ param: { id } }));
  return image;
}

/** A product page read into a pre-filled card (its image already stored and owned by the caller). */
export function importProduct(url: string): Promise<ImportedProduct> {
  return unwrap(api.v1.imports.product.$post({ json: { url } }));
}

/** The smallest variant at least `width` wide (or the largest), for a preview. */
export function variantFor(
  image: { variants: { width: number; url: string }[] },
  width: number,
): string | undefined {
  return (image.variants.find((variant) => variant.width >= width) ?? image.variants.at(-1))?.url;
}

/** `srcset` for an image's variants. */
export function srcsetOf(image: { variants: { width: number; url: string }[] }): string {
  return image.variants.map((variant) => `${variant.url} ${variant.width}w`).join(", ");
}
