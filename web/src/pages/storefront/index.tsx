import { BANNER_SIZES } from "@shopguide/core/image/sizes";
import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { Creators } from "../../data/creators";
import type { GuideSummary } from "../../data/guides";
import { Session } from "../../data/session";
import { FollowButton } from "../../ui/follow-button";
import { plural } from "../../ui/format";
import { GuideCard } from "../../ui/guide-card";
import { imageOf, Picture } from "../../ui/picture";
import { ProductGrid } from "../../ui/product-grid";
import { ReportButton } from "../../ui/report-button";
import { ShareButton } from "../../ui/share-button";

/** `/@handle`: a creator's storefront, their guides grouped by tag. */
export default function StorefrontPage() {
  const params = useParams<{ handle: string }>();
  const handle = () => params.handle.replace(/^@/, "");
  const [store] = createResource(handle, (name) => Creators.storefront(name));
  // Reading an errored resource throws: the memos below read it through this, so an unknown handle shows
  // "No such creator" instead of stopping every update (the page stayed on "Loading storefront…").
  const data = () => (store.error ? undefined : store());
  // A handle the creator left answers with their storefront at the new one (the API's 301, which fetch
  // follows): the address bar moves there too, so links and shares carry the current handle.
  const navigate = useNavigate();
  createEffect(() => {
    const current = data()?.profile.handle;
    if (current && current !== handle().toLowerCase()) navigate(`/@${current}`, { replace: true });
  });
  const [followers, setFollowers] = createSignal<number>();
  const [tag, setTag] = createSignal<string | null>(null);
  // Guides past the first page, appended by "Load more".
  const [extra, setExtra] = createSignal<GuideSummary[]>([]);
  const [cursor, setCursor] = createSignal<string | null | undefined>();
  const [loadingMore, setLoadingMore] = createSignal(false);
  const guides = () => [...(data()?.guides.items ?? []), ...extra()];
  const nextCursor = () => (cursor() === undefined ? (data()?.guides.nextCursor ?? null) : cursor());
  const loadMore = async () => {
    setLoadingMore(true);
    try {
      const page = await Creators.storefront(handle(), nextCursor());
      setExtra((known) => [...known, ...page.guides.items]);
      setCursor(page.guides.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  };

  const tags = createMemo(() => {
    const counts = new Map<string, number>();
    for (const guide of guides()) {
      for (const name of guide.tags) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  });
  const shown = () =>
    (data()?.guides.items ?? []).filter((guide) => !tag() || guide.tags.includes(tag() ?? ""));

  return (
    <Switch>
      <Match when={store.loading}>
        <p class="loading">Loading storefront…</p>
      </Match>
      <Match when={store.error}>
        <section class="card narrow">
          <h1>No such creator</h1>
          <p>There is no creator called @{handle()}.</p>
          <A href="/">Back home</A>
        </section>
      </Match>
      <Match when={data()}>
        {(current) => (
          <>
            <Show when={imageOf(current().profile, "banner")}>
              {(banner) => <Picture image={banner()} sizes={BANNER_SIZES} priority alt="" class="banner" />}
            </Show>
            <header class="profile card" data-testid="profile">
              <Show
                when={imageOf(current().profile, "avatar") || !current().profile.avatarUrl}
                fallback={
                  <img
                    class="avatar large"
                    src={current().profile.avatarUrl ?? ""}
                    alt=""
                    referrerpolicy="no-referrer"
                  />
                }
              >
                <Picture
                  image={imageOf(current().profile, "avatar")}
                  sizes="96px"
                  alt=""
                  class="avatar large"
                  priority={!imageOf(current().profile, "banner")}
                />
              </Show>
              <div class="profile-text">
                <h1>
                  {current().profile.displayName}
                  <Show when={current().profile.verified}>
                    <span class="verified" title="Verified creator">
                      ✓ Verified
                    </span>
                  </Show>
                </h1>
                <p class="meta">@{current().profile.handle}</p>
                <Show when={current().profile.bio}>
                  <p class="bio" data-testid="bio">
                    {current().profile.bio}
                  </p>
                </Show>
                <p class="meta">
                  <strong>{plural(followers() ?? current().profile.followerCount, "follower")}</strong> ·{" "}
                  <strong>{current().profile.followingCount}</strong> following
                </p>
                <Show when={current().profile.links.length > 0}>
                  <ul class="social-links">
                    <For each={current().profile.links}>
                      {(link) => (
                        <li>
                          <a href={link.url} rel="me noopener nofollow" target="_blank">
                            {link.label}
                          </a>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </div>
              <Show
                when={!current().viewer.isSelf}
                fallback={
                  <A class="button secondary" href="/studio">
                    Edit profile
                  </A>
                }
              >
                <Show when={Session.me()}>
                  <ShareButton url={`/@${current().profile.handle}`} title={current().profile.displayName} />
                </Show>
                <Show when={current().profile.role === "creator"}>
                  <ReportButton
                    target={{ type: "creator", id: current().profile.userId }}
                    what={`@${current().profile.handle}`}
                  />
                </Show>
                <Show when={current().profile.role === "creator"}>
                  <FollowButton
                    handle={current().profile.handle}
                    following={current().viewer.following}
                    onChange={(state) => setFollowers(state.followerCount)}
                  />
                </Show>
              </Show>
            </header>
            <Show when={current().products.length > 0}>
              <section class="shop" aria-labelledby="shop-heading">
                <h2 id="shop-heading">Shop {current().profile.displayName}'s picks</h2>
                <ProductGrid
                  label={`Products from ${current().profile.displayName}'s guides`}
                  testId="shop-grid"
                  priorityFirst={!imageOf(current().profile, "banner")}
                  items={current().products.map((product) => ({
                    key: `${product.guideId}:${product.buyUrl}`,
                    title: product.title,
                    price: product.price,
                    merchant: product.merchant,
                    host: product.displayHost,
                    image: product.image,
                    buyHref: product.buyUrl,
                  }))}
                />
              </section>
            </Show>
            <h2 class="section-title">Guides</h2>
            <Show when={tags().length > 1}>
              <fieldset class="chips">
                <legend class="visually-hidden">Filter by tag</legend>
                <button type="button" class="chip" aria-pressed={tag() === null} onClick={() => setTag(null)}>
                  All
                </button>
                <For each={tags()}>
                  {(name) => (
                    <button
                      type="button"
                      class="chip"
                      aria-pressed={tag() === name}
                      onClick={() => setTag(name)}
                    >
                      #{name}
                    </button>
                  )}
                </For>
              </fieldset>
            </Show>
            <Show
              when={shown().length > 0}
              fallback={
                <div class="empty" role="status">
                  {current().profile.displayName} has not published any guides yet.
                </div>
              }
            >
              <div class="guide-grid">
                <For each={shown()}>
                  {(guide, index) => (
                    <GuideCard
                      guide={guide}
                      priority={
                        index() === 0 &&
                        !imageOf(current().profile, "banner") &&
                        current().products.length === 0
                      }
                    />
                  )}
                </For>
              </div>
            </Show>
            <Show when={nextCursor()}>
              <p class="load-more">
                <button type="button" onClick={loadMore} disabled={loadingMore()}>
                  {loadingMore() ? "Loading…" : "Load more"}
                </button>
              </p>
            </Show>
          </>
        )}
      </Match>
    </Switch>
  );
}
