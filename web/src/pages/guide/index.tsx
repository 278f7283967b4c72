import { HERO_SIZES } from "@shopguide/core/image/sizes";
import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, Match, on, Show, Switch } from "solid-js";
import { ApiError } from "../../api/client";
import { Creators } from "../../data/creators";
import { buyHref, type GuideDetail, Guides } from "../../data/guides";
import { Session } from "../../data/session";
import { Disclosure } from "../../ui/disclosure";
import { FollowButton } from "../../ui/follow-button";
import { formatDate, plural } from "../../ui/format";
import { GroupBuyCard } from "../../ui/groupbuy-card";
import { imageOf, Picture } from "../../ui/picture";
import { ProductGrid } from "../../ui/product-grid";
import { ReportButton } from "../../ui/report-button";
import { signInHref, takeWantedAction } from "../../ui/return-to";
import { ShareButton } from "../../ui/share-button";

/** The guide page's column: the cover fills it (the page is at most about 760 px wide). */

function Marks(props: { guide: GuideDetail }) {
  const [state, setState] = createSignal({
    liked: props.guide.viewer.liked,
    saved: props.guide.viewer.saved,
    likeCount: props.guide.likeCount,
    saveCount: props.guide.saveCount,
  });
  const [busy, setBusy] = createSignal(false);
  const toggle = async (kind: "like" | "save") => {
    setBusy(true);
    try {
      setState(
        kind === "like"
          ? await Guides.like(props.guide.id, !state().liked)
          : await Guides.save(props.guide.id, !state().saved),
      );
    } finally {
      setBusy(false);
    }
  };
  // "Log in to save" comes back with ?do=save: the save is then made once, as asked.
  createEffect(
    on(Session.me, (me) => {
      if (me && !state().saved && takeWantedAction("save")) void toggle("save");
    }),
  );
  return (
    <Show
      when={Session.me()}
      fallback={
        <p class="marks">
          {plural(state().likeCount, "like")} · {plural(state().saveCount, "save")} ·{" "}
          <A href={signInHref("save")}>Log in to save</A>
        </p>
      }
    >
      <div class="marks">
        <button
          type="button"
          class={state().liked ? "" : "secondary"}
          aria-pressed={state().liked}
          disabled={busy()}
          onClick={() => toggle("like")}
          data-testid="like-button"
        >
          {state().liked ? "♥ Liked" : "♡ Like"} <span class="count">{state().likeCount}</span>
          <span class="visually-hidden"> ({plural(state().likeCount, "like")})</span>
        </button>
        <button
          type="button"
          class={state().saved ? "" : "secondary"}
          aria-pressed={state().saved}
          disabled={busy()}
          onClick={() => toggle("save")}
          data-testid="save-button"
        >
          {state().saved ? "Saved" : "Save"} <span class="count">{state().saveCount}</span>
          <span class="visually-hidden"> ({plural(state().saveCount, "save")})</span>
        </button>
        <ShareButton url={`/guides/${props.guide.id}`} title={props.guide.title} />
        <Show when={!props.guide.viewer.isAuthor}>
          <ReportButton target={{ type: "guide", id: props.guide.id }} what="this guide" />
        </Show>
      </div>
    </Show>
  );
}

function CreatorCard(props: { handle: string; isAuthor: boolean }) {
  const [storefront] = createResource(
    () => props.handle,
    (handle) => Creators.storefront(handle),
  );
  return (
    <Show when={storefront()}>
      {(store) => (
        <aside class="creator-card" aria-label="About the creator">
          <Show
            when={imageOf(store().profile, "avatar") || !store().profile.avatarUrl}
            fallback={
              <img class="avatar" src={store().profile.avatarUrl ?? ""} alt="" referrerpolicy="no-referrer" />
            }
          >
            <Picture image={imageOf(store().profile, "avatar")} sizes="48px" alt="" class="avatar" />
          </Show>
          <div>
            <p class="creator-name">
              <A href={`/@${store().profile.handle}`}>{store().profile.displayName}</A>
              <Show when={store().profile.verified}>
                <span class="verified" title="Verified creator">
                  ✓ Verified
                </span>
              </Show>
            </p>
            <p class="meta">
              @{store().profile.handle} · {plural(store().profile.followerCount, "follower")}
            </p>
          </div>
          <Show when={!props.isAuthor && !store().viewer.isSelf}>
            <FollowButton handle={store().profile.handle} following={store().viewer.following} />
          </Show>
        </aside>
      )}
    </Show>
  );
}

export default function GuidePage() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const [guide, { refetch }] = createResource(() => params.id, Guides.get);
  const [busy, setBusy] = createSignal(false);

  const setPublished = async (on: boolean) => {
    setBusy(true);
    try {
      await (on ? Guides.publish(params.id) : Guides.unpublish(params.id));
      await refetch();
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!confirm("Delete this guide for good?")) return;
    await Guides.remove(params.id);
    navigate("/studio");
  };

  return (
    <Switch>
      <Match when={guide.loading}>
        <p class="loading">Loading guide…</p>
      </Match>
      <Match when={guide.error}>
        <section class="card narrow">
          <h1>Guide not found</h1>
          <p>
            {guide.error instanceof ApiError && guide.error.status === 404
              ? "This guide does not exist or is not published."
              : "Something went wrong loading this guide."}
          </p>
          <A href="/">Back to your feed</A>
        </section>
      </Match>
      <Match when={guide()}>
        {(current) => (
          <article class="guide" data-testid="guide">
            <Show when={current().viewer.isAuthor}>
              <section class="author-bar" aria-label="Author tools">
                <span class={`status status-${current().status}`}>
                  {current().status === "draft" ? "Draft: only you can see this" : "Published"}
                </span>
                <Show when={current().hidden}>
                  <span class="status status-hidden" data-testid="hidden-notice">
                    Hidden by an admin: only you can see it, and it cannot be published again
                  </span>
                </Show>
                <A class="button secondary" href={`/studio/guides/${current().id}`}>
                  Edit
                </A>
                <button
                  type="button"
                  disabled={busy()}
                  onClick={() => setPublished(current().status === "draft")}
                >
                  {current().status === "draft" ? "Publish" : "Unpublish"}
                </button>
                <button type="button" class="danger" onClick={remove}>
                  Delete
                </button>
              </section>
            </Show>
            <Show
              when={imageOf(current(), "cover")}
              fallback={
                <Show when={current().coverImageUrl}>
                  {(cover) => <img class="hero-cover" src={cover()} alt="" referrerpolicy="no-referrer" />}
                </Show>
              }
            >
              <Picture image={imageOf(current(), "cover")} sizes={HERO_SIZES} priority class="hero-cover" />
            </Show>
            <h1>{current().title}</h1>
            <p class="meta">
              by <A href={`/@${current().creator.handle}`}>{current().creator.displayName}</A>
              <Show when={current().publishedAt}>
                {" "}
                · <time datetime={current().publishedAt ?? ""}>{formatDate(current().publishedAt)}</time>
              </Show>
            </p>
            <Disclosure text={current().disclosure} />
            <Marks guide={current()} />
            {/* bodyHtml is rendered from Markdown and sanitized on the server (allowlist, no raw HTML). */}
            <div class="prose" innerHTML={current().bodyHtml} />
            <Show when={current().tags.length > 0}>
              <ul class="tags" aria-label="Tags">
                <For each={current().tags}>
                  {(tag) => (
                    <li>
                      <A href={`/tags/${tag}`}>#{tag}</A>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <h2>The picks</h2>
            <ProductGrid
              label={`The picks in ${current().title}`}
              tileTestId="product-card"
              items={current().items.map((item, index) => ({
                key: `${index}`,
                title: item.title,
                price: item.price,
                merchant: item.merchant,
                host: item.displayHost,
                image: imageOf(item, "image"),
                imageUrl: item.imageUrl,
                buyHref: buyHref(item),
              }))}
              extra={(index) => {
                const item = current().items[index];
                return (
                  <>
                    <Show when={item?.note}>{(note) => <p class="note">{note()}</p>}</Show>
                    <Show when={item && !current().viewer.isAuthor}>
                      <ReportButton
                        target={{ type: "card", id: `${current().id}:${index}` }}
                        what={`the product ${item?.title}`}
                      />
                    </Show>
                    <Show when={item?.groupbuyId}>
                      {(groupbuyId) => (
                        <GroupBuyCard groupbuyId={groupbuyId()} refHandle={current().creator.handle} />
                      )}
                    </Show>
                  </>
                );
              }}
            />
            <CreatorCard handle={current().creator.handle} isAuthor={current().viewer.isAuthor} />
          </article>
        )}
      </Match>
    </Switch>
  );
}
