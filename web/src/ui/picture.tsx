import { Show } from "solid-js";

/**
 * An image as the API answers it (`ImageView`, packages/core/src/image/schema.ts): variants sorted by width
 * ascending, same-origin `/media/...` URLs. Every image field is optional: null or absent means none.
 */
export interface ImageView {
  id: string;
  alt: string;
  width: number;
  height: number;
  variants: { width: number; height: number; url: string; type: string }[];
}

/** The image field of a record, whether or not its type declares it yet (`cover`, `image`, `avatar`, …). */
export function imageOf(record: object | null | undefined, field: string): ImageView | null {
  const value = (record as Record<string, unknown> | null | undefined)?.[field] as
    | ImageView
    | null
    | undefined;
  return value && Array.isArray(value.variants) && value.variants.length > 0 ? value : null;
}

/**
 * The one picture element: `srcset` from the variants, `sizes` from the layout, the intrinsic width and
 * height so nothing shifts while it loads, lazy unless it is the first picture above the fold (then eager
 * with high fetch priority), and a neutral placeholder background (also what shows when there is no image).
 */
export function Picture(props: {
  image: ImageView | null | undefined;
  /** How wide the picture is drawn, as a `sizes` value: "(max-width: 600px) 100vw, 320px". */
  sizes: string;
  /** The first picture above the fold: eager, high priority. */
  priority?: boolean;
  /** Overrides the image's own alt text ("" for a decorative picture next to its own title). */
  alt?: string;
  class?: string;
  testId?: string;
}) {
  const ratioClass = () => `picture ${props.class ?? ""}`.trim();
  return (
    <Show when={props.image} fallback={<span class={`${ratioClass()} placeholder`} aria-hidden="true" />}>
      {(image) => {
        const variants = () => image().variants;
        const fallback = () => variants()[Math.min(1, variants().length - 1)] ?? variants()[0];
        return (
          <img
            class={ratioClass()}
            src={fallback()?.url}
            srcset={variants()
              .map((variant) => `${variant.url} ${variant.width}w`)
              .join(", ")}
            sizes={props.sizes}
            width={image().width}
            height={image().height}
            alt={props.alt ?? image().alt}
            loading={props.priority ? "eager" : "lazy"}
            fetchpriority={props.priority ? "high" : "auto"}
            decoding={props.priority ? "sync" : "async"}
            data-testid={props.testId}
          />
        );
      }}
    </Show>
  );
}
