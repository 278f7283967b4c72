import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { GuideSummary } from "../data/guides";
import { Disclosure } from "./disclosure";
import { formatDate, plural } from "./format";
import { imageOf, Picture } from "./picture";

/** How wide a card's cover is drawn: the grid's column (one column on phones). */
export const CARD_SIZES = "(max-width: 600px) calc(100vw - 2rem), (max-width: 960px) 45vw, 300px";

/** One guide in a list or feed: photo first (its cover, or a neutral placeholder), then title and counts. */
export function GuideCard(props: {
  guide: GuideSummary;
  showStatus?: boolean;
  href?: string;
  priority?: boolean;
}) {
  return (
    <article class="guide-card" data-testid="guide-card" data-guide-id={props.guide.id}>
      <A href={props.href ?? `/guides/${props.guide.id}`} class="cover-link" tabindex="-1" aria-hidden="true">
        <Show
          when={imageOf(props.guide, "cover") || !props.guide.coverImageUrl}
          fallback={
            <img
              class="picture cover"
              src={props.guide.coverImageUrl ?? ""}
              alt=""
              loading={props.priority ? "eager" : "lazy"}
              referrerpolicy="no-referrer"
            />
          }
        >
          <Picture
            image={imageOf(props.guide, "cover")}
            sizes={CARD_SIZES}
            priority={props.priority}
            class="cover"
            testId="guide-cover"
          />
        </Show>
      </A>
      <div class="guide-card-body">
        <h2>
          <A href={props.href ?? `/guides/${props.guide.id}`}>{props.guide.title}</A>
        </h2>
        <p class="meta">
          <A href={`/@${props.guide.creator.handle}`}>{props.guide.creator.displayName}</A>
          <span aria-hidden="true"> · </span>
          <Show when={props.guide.publishedAt} fallback={<span>Draft</span>}>
            <time datetime={props.guide.publishedAt ?? ""}>{formatDate(props.guide.publishedAt)}</time>
          </Show>
          <span aria-hidden="true"> · </span>
          <span>{plural(props.guide.itemCount, "product")}</span>
          <Show when={props.showStatus}>
            <span class={`status status-${props.guide.status}`}>{props.guide.status}</span>
          </Show>
        </p>
        <Show when={props.guide.tags.length > 0}>
          <ul class="tags" aria-label="Tags">
            <For each={props.guide.tags}>
              {(tag) => (
                <li>
                  <A href={`/tags/${tag}`}>#{tag}</A>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <p class="counts">
          <span>{plural(props.guide.likeCount, "like")}</span>
          <span>{plural(props.guide.saveCount, "save")}</span>
        </p>
        <Disclosure text={props.guide.disclosure} />
      </div>
    </article>
  );
}
