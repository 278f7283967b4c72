import { A, useSearchParams } from "@solidjs/router";
import { For, Match, Show, Switch } from "solid-js";
import { Discovery } from "../../data/discovery";
import { Guides } from "../../data/guides";
import { Session } from "../../data/session";
import { CreatorList } from "../../ui/creator-list";
import { GuideList } from "../../ui/guide-list";

const tabs = [
  { id: "following", label: "Following" },
  { id: "trending", label: "Trending" },
] as const;

export default function HomePage() {
  const [params, setParams] = useSearchParams<{ tab?: string }>();
  const tab = () =>
    params.tab === "trending" || (!Session.me() && !Session.me.loading) ? "trending" : "following";

  return (
    <>
      <Show when={!Session.me() && !Session.me.loading}>
        <section class="hero">
          <h1>Product guides from creators you trust</h1>
          <p>
            Follow creators, read their picks, and shop through their links. Brands pay creators for the sales
            they bring.
          </p>
          <p class="actions">
            <A href="/signup" class="button">
              Get started
            </A>
            <A href="/login">I have an account</A>
          </p>
        </section>
      </Show>
      <div class="tabs" role="tablist" aria-label="Feeds">
        <For each={tabs}>
          {(item) => (
            <button
              type="button"
              role="tab"
              id={`tab-${item.id}`}
              aria-selected={tab() === item.id}
              aria-controls="feed-panel"
              class={tab() === item.id ? "tab active" : "tab"}
              tabindex={tab() === item.id ? 0 : -1}
              onClick={() => setParams({ tab: item.id })}
              onKeyDown={(event) => {
                // Arrow keys move between tabs, as the ARIA tabs pattern expects.
                if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
                const next = tabs.find((other) => other.id !== item.id);
                if (!next) return;
                setParams({ tab: next.id });
                document.getElementById(`tab-${next.id}`)?.focus();
              }}
            >
              {item.label}
            </button>
          )}
        </For>
      </div>
      <div id="feed-panel" role="tabpanel" aria-labelledby={`tab-${tab()}`}>
        <Switch>
          <Match when={Session.me.loading}>
            <p class="loading">Loading…</p>
          </Match>
          <Match when={tab() === "following" && Session.me()}>
            <GuideList
              label="Following"
              load={Guides.following}
              empty={
                <section class="suggestions" data-testid="feed-suggestions">
                  <p>
                    Follow a few creators and their new guides will show up here.{" "}
                    <A href="/welcome">Pick your interests</A> or{" "}
                    <button type="button" class="link" onClick={() => setParams({ tab: "trending" })}>
                      see what is trending
                    </button>
                    .
                  </p>
                  <CreatorList
                    label="Creators to follow"
                    load={Discovery.suggestions}
                    empty={
                      <div class="empty" role="status">
                        <A href="/creators">Browse creators</A> to find someone to follow.
                      </div>
                    }
                  />
                </section>
              }
            />
          </Match>
          <Match when={tab() === "following" && !Session.me()}>
            <div class="empty" role="status">
              <A href="/login">Log in</A> to see guides from the creators you follow.
            </div>
          </Match>
          <Match when={tab() === "trending"}>
            <GuideList
              label="Trending"
              load={Guides.trending}
              empty={
                <div class="empty" role="status">
                  No guides were published in the last 30 days. <A href="/categories">Browse categories</A>.
                </div>
              }
            />
          </Match>
        </Switch>
      </div>
    </>
  );
}
