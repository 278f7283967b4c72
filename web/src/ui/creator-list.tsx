import { A } from "@solidjs/router";
import { createSignal, For, type JSX, onMount, Show } from "solid-js";
import type { CreatorCard, CreatorLoader } from "../data/discovery";
import { Session } from "../data/session";
import { FollowButton } from "./follow-button";
import { plural } from "./format";
import { imageOf, Picture } from "./picture";

/** One creator with their avatar, counts and a Follow button (none on one's own card). */
export function CreatorItem(props: { creator: CreatorCard }) {
  return (
    <li class="creator-card" data-testid="creator-card" data-handle={props.creator.handle}>
      <Show
        when={imageOf(props.creator, "avatar") || !props.creator.avatarUrl}
        fallback={
          <img class="avatar" src={props.creator.avatarUrl ?? ""} alt="" referrerpolicy="no-referrer" />
        }
      >
        <Picture image={imageOf(props.creator, "avatar")} sizes="56px" alt="" class="avatar" />
      </Show>
      <div>
        <p class="creator-name">
          <A href={`/@${props.creator.handle}`}>{props.creator.displayName}</A>
          <Show when={props.creator.verified}>
            <span class="verified" title="Verified creator">
              ✓ Verified
            </span>
          </Show>
        </p>
        <p class="meta">
          @{props.creator.handle} · {plural(props.creator.followerCount, "follower")}
        </p>
        <Show when={props.creator.bio}>
          <p class="bio">{props.creator.bio}</p>
        </Show>
      </div>
      <Show when={Session.me()?.id !== props.creator.id}>
        <FollowButton handle={props.creator.handle} following={props.creator.following} />
      </Show>
    </li>
  );
}

/** Creators a page at a time, with "Load more" while the server hands back a cursor. */
export function CreatorList(props: { load: CreatorLoader; empty: JSX.Element; label: string }) {
  const [items, setItems] = createSignal<CreatorCard[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(true);
  const [failed, setFailed] = createSignal<string>();

  const more = async (first: boolean) => {
    setLoading(true);
    setFailed();
    try {
      const page = await props.load(first ? null : cursor());
      setItems((known) => {
        const seen = new Set(known.map((creator) => creator.id));
        return [...known, ...page.items.filter((creator) => !seen.has(creator.id))];
      });
      setCursor(page.nextCursor);
    } catch (error) {
      setFailed(error instanceof Error ? error.message : "Could not load creators");
    } finally {
      setLoading(false);
    }
  };
  onMount(() => more(true));

  return (
    <section aria-label={props.label} aria-busy={loading()}>
      <Show when={!loading() || items().length > 0} fallback={<p class="loading">Loading creators…</p>}>
        <Show when={items().length > 0} fallback={<Show when={!failed()}>{props.empty}</Show>}>
          <ul class="creator-list">
            <For each={items()}>{(creator) => <CreatorItem creator={creator} />}</For>
          </ul>
        </Show>
      </Show>
      <Show when={failed()}>
        <p class="form-error" role="alert">
          {failed()}
        </p>
      </Show>
      <Show when={cursor() && !loading()}>
        <button type="button" class="secondary" onClick={() => more(false)}>
          Load more
        </button>
      </Show>
    </section>
  );
}
