import { createSignal, For, type JSX, onMount, Show } from "solid-js";
import type { GuideSummary, PageLoader } from "../data/guides";
import { GuideCard } from "./guide-card";

/**
 * A list of guides a page at a time, with "Load more" while the server hands back a cursor. Loading,
 * empty and error states are part of the list, so every page that lists guides gets them.
 */
export function GuideList(props: {
  load: PageLoader;
  empty: JSX.Element;
  label: string;
  showStatus?: boolean;
  hrefOf?: (guide: GuideSummary) => string;
}) {
  const [items, setItems] = createSignal<GuideSummary[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(true);
  const [failed, setFailed] = createSignal<string>();
  const [started, setStarted] = createSignal(false);

  const more = async () => {
    setLoading(true);
    setFailed();
    try {
      const page = await props.load(started() ? cursor() : null);
      // A guide can only appear once even if a page boundary moved under us.
      setItems((known) => {
        const seen = new Set(known.map((guide) => guide.id));
        return [...known, ...page.items.filter((guide) => !seen.has(guide.id))];
      });
      setCursor(page.nextCursor);
      setStarted(true);
    } catch (error) {
      setFailed(error instanceof Error ? error.message : "Could not load guides");
    } finally {
      setLoading(false);
    }
  };
  onMount(more);

  return (
    <section aria-label={props.label} aria-busy={loading()}>
      <Show when={!loading() || items().length > 0} fallback={<p class="loading">Loading guides…</p>}>
        <Show when={items().length > 0} fallback={<Show when={!failed()}>{props.empty}</Show>}>
          <div class="guide-grid">
            <For each={items()}>
              {(guide, index) => (
                <GuideCard
                  guide={guide}
                  showStatus={props.showStatus}
                  href={props.hrefOf?.(guide)}
                  priority={index() === 0}
                />
              )}
            </For>
          </div>
        </Show>
      </Show>
      <Show when={failed()}>
        {(message) => (
          <p class="form-error" role="alert">
            {message()}{" "}
            <button type="button" class="link" onClick={more}>
              Try again
            </button>
          </p>
        )}
      </Show>
      <Show when={started() && cursor()}>
        <p class="load-more">
          <button type="button" onClick={more} disabled={loading()}>
            {loading() ? "Loading…" : "Load more"}
          </button>
        </p>
      </Show>
    </section>
  );
}
