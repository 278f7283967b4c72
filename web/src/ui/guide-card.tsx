import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { GuideSummary } from "../data/guides";
import { srcsetOf, variantFor } from "../data/uploads";
import { Disclosure } from "./disclosure";
import { formatDate } from "./format";

/** One guide in a list or feed. */
export function GuideCard(props: { guide: GuideSummary; showStatus?: boolean; href?: string }) {
  return (
    <article class="guide-card" data-testid="guide-card" data-guide-id={props.guide.id}>
      <Show
        when={props.guide.cover}
        fallback={
          <Show when={props.guide.coverImageUrl}>
            {(cover) => (
              <img class="cover" src={cover()} alt="" loading="lazy" referrerpolicy="no-referrer" />
            )}
          </Show>
        }
      >
        {(cover) => (
          <img
            class="cover"
            src={variantFor(cover(), 640)}
            srcset={srcsetOf(cover())}
            sizes="(max-width: 600px) 100vw, 600px"
            width={cover().width}
            height={cover().height}
            alt={cover().alt}
            loading="lazy"
            data-testid="guide-cover"
          />
        )}
      </Show>
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
          <span>
            {props.guide.itemCount} {props.guide.itemCount === 1 ? "product" : "products"}
          </span>
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
          <span>
            {props.guide.likeCount} {props.guide.likeCount === 1 ? "like" : "likes"}
          </span>
          <span>{props.guide.saveCount} saved</span>
        </p>
        <Disclosure text={props.guide.disclosure} />
      </div>
    </article>
  );
}
