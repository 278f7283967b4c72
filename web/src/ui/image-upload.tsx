import { createSignal, Show } from "solid-js";
import { ApiError } from "../api/client";
import { type ImageState, type UploadPurpose, uploadImage } from "../data/uploads";
import { type ImageView, Picture } from "./picture";

/** What a form keeps about its picture: the image id it sends, and the variants it previews. */
export type PickedImage = Pick<ImageView, "id" | "width" | "height" | "variants">;

/** A processed upload as the form keeps it (the API answers width and height once it is ready). */
export function picked(state: ImageState): PickedImage {
  return { id: state.id, width: state.width ?? 0, height: state.height ?? 0, variants: state.variants };
}

/**
 * The one image field of every form (guide cover, product card, avatar, banner, brand logo, catalogue product,
 * group-buy): a file input that uploads through `uploadImage`, a preview through `<Picture>`, a remove button
 * and, when the record has alt text of its own (`alt` given), the alt field shown as soon as there is an image.
 * Upload refusals (HEIC, too large, not an image) and the form's own field errors show under the input.
 */
export function ImageUpload(props: {
  /** The file input's id; the alt field's is `alt.id`, or `${id}-alt`. */
  id: string;
  label: string;
  purpose: UploadPurpose;
  image: PickedImage | null | undefined;
  onChange: (image: PickedImage | null) => void;
  /** The record's alt text, when it has a field for it. */
  alt?: {
    value: string;
    onInput: (text: string) => void;
    label?: string;
    error?: string | undefined;
    id?: string;
  };
  /** The form's error for this image (e.g. `coverImageId`). */
  error?: string | undefined;
  /** How wide the preview is drawn (`sizes`). */
  sizes?: string;
  /** Extra class on the preview (`avatar`, `banner`, ...). */
  previewClass?: string;
  testId?: string;
}) {
  const [uploading, setUploading] = createSignal(false);
  const [refusal, setRefusal] = createSignal<string>();
  const error = () => refusal() ?? props.error;
  const errorId = () => `${props.id}-error`;
  const altError = () => props.alt?.error;
  const altId = () => props.alt?.id ?? `${props.id}-alt`;

  const upload = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setUploading(true);
    setRefusal();
    try {
      props.onChange(picked(await uploadImage(file, props.purpose)));
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      setRefusal(failure.message);
    } finally {
      setUploading(false);
      input.value = "";
    }
  };

  return (
    <div class="field image-upload" data-testid={props.testId}>
      <label for={props.id}>{props.label}</label>
      <Show when={props.image}>
        {(image) => (
          <Picture
            image={{ ...image(), alt: props.alt?.value ?? "" }}
            alt={props.alt?.value ?? ""}
            sizes={props.sizes ?? "160px"}
            class={`upload-preview ${props.previewClass ?? ""}`.trim()}
            testId={props.testId ? `${props.testId}-preview` : undefined}
          />
        )}
      </Show>
      <input
        id={props.id}
        name={props.id}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/avif"
        disabled={uploading()}
        aria-busy={uploading() ? "true" : undefined}
        aria-invalid={error() ? "true" : undefined}
        aria-describedby={error() ? errorId() : undefined}
        onChange={(event) => void upload(event.currentTarget)}
      />
      <Show when={uploading()}>
        <small class="hint" role="status">
          Uploading…
        </small>
      </Show>
      <Show when={error()}>
        <small id={errorId()} class="error" role="alert">
          {error()}
        </small>
      </Show>
      <Show when={props.image && props.alt}>
        {(_) => {
          const alt = () => props.alt;
          return (
            <>
              <label for={altId()}>{alt()?.label ?? "Describe the picture (alt text)"}</label>
              <input
                id={altId()}
                name={altId()}
                value={alt()?.value ?? ""}
                maxLength={300}
                required
                aria-invalid={altError() ? "true" : undefined}
                aria-describedby={altError() ? `${altId()}-error` : undefined}
                onInput={(event) => alt()?.onInput(event.currentTarget.value)}
              />
              <Show when={altError()}>
                <small id={`${altId()}-error`} class="error" role="alert">
                  {altError()}
                </small>
              </Show>
            </>
          );
        }}
      </Show>
      <Show when={props.image}>
        <button type="button" class="link" onClick={() => props.onChange(null)}>
          Remove picture
        </button>
      </Show>
    </div>
  );
}
