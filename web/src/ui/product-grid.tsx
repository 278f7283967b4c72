import * as Money from "@shopguide/core/util/money";
import { For, type JSX, Show } from "solid-js";
import { type ImageView, Picture } from "./picture";

/** One tile of a shoppable grid: photo, name, price and where Buy leads (a referral link when published). */
export interface ProductTile {
  key: string;
  title: string;
  price?: { amount: number; currency: string } | undefined;
  merchant?: string | undefined;
  /** Where Buy leads, as the API shows hosts (punycode when it could pass for another host). */
  host?: string | undefined;
  image: ImageView | null | undefined;
  /** A product whose only picture is an outside URL (cards made before uploads). */
  imageUrl?: string | undefined;
  buyHref: string;
}

/** Two columns on a phone, up to four on a desktop: the `sizes` every tile's picture is drawn at. */
export const PRODUCT_TILE_SIZES = "(max-width: 600px) 50vw, (max-width: 960px) 33vw, 240px";

/**
 * The shoppable grid of the storefront and the guide page: photo first (square, neutral placeholder, lazy
 * unless `priorityFirst`; decorative, the name is next to it), then name, price through the money formatter,
 * shop, the host Buy leads to (as the API shows it: look-alike hosts in punycode), and Buy through `buyHref`.
 * `extra` renders under a tile (a card's note and group-buy on the guide page).
 */
export function ProductGrid(props: {
  items: ProductTile[];
  label: string;
  priorityFirst?: boolean;
  extra?: (index: number) => JSX.Element;
  testId?: string;
  tileTestId?: string;
}) {
  return (
    <ul class="product-grid" aria-label={props.label} data-testid={props.testId}>
      <For each={props.items}>
        {(item, index) => (
          <li class="product-tile" data-testid={props.tileTestId ?? "product-tile"}>
            <Show
              when={item.image || !item.imageUrl}
              fallback={
                <img class="picture" src={item.imageUrl} alt="" loading="lazy" referrerpolicy="no-referrer" />
              }
            >
              <Picture
                image={item.image}
                alt=""
                sizes={PRODUCT_TILE_SIZES}
                priority={props.priorityFirst === true && index() === 0}
              />
            </Show>
            <div class="tile-text">
              <h3>{item.title}</h3>
              <p class="meta">
                <Show when={item.price}>{(price) => <strong>{Money.display(price())}</strong>}</Show>
                <Show when={item.merchant}>{(merchant) => <span> at {merchant()}</span>}</Show>
              </p>
              <Show when={item.host}>
                {(host) => (
                  <p class="host" data-testid="product-host">
                    {host()}
                  </p>
                )}
              </Show>
              <a class="button" href={item.buyHref} target="_blank" rel="sponsored noopener">
                Buy<span class="visually-hidden"> {item.title}</span>
              </a>
              {props.extra?.(index())}
            </div>
          </li>
        )}
      </For>
    </ul>
  );
}
