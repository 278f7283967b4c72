import { A, useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { Search, type SearchKind, type SearchResult } from "../../data/search";
import { Picture } from "../../ui/picture";

const tabs: { id: SearchKind | "all"; label: string }[] = [
  { id: "all", label: "All" },
  { id: "guide", label: "Guides" },
  { id: "creator", label: "Creators" },
  { id: "product", label: "Products" },
];

const kindLabel: Record<SearchKind, string> = { guide: "Guide", creator: "Creator", product: "Product" };

function ResultRow(props: { result: SearchResult }) {
  const inside = () => props.result.url?.startsWith("/") ?? false;
  return (
    <li class="search-result">
      <Picture image={props.result.image} sizes="64px" alt="" class="thumb" />
      <div>
        <span class="kind">{kindLabel[props.result.type]}</span>
        <h2>
          <Show when={props.result.url} fallback={props.result.title}>
            {(url) =>
              inside() ? (
                <A href={url()}>{props.result.title}</A>
              ) : (
                <a href={url()} rel="noopener noreferrer nofollow">
                  {props.result.title}
                </a>
              )
            }
          </Show>
        </h2>
        <p class="muted">{props.result.snippet}</p>
      </div>
    </li>
  );
}

/** `/search?q=&type=`: results in tabs (All, Guides, Creators, Products), more by cursor. */
export default function SearchPage() {
  const [params, setParams] = useSearchParams<{ q?: string; type?: string }>();
  const q = () => (params.q ?? "").trim();
  const tab = () => tabs.find((item) => item.id === params.type)?.id ?? "all";
  const [items, setItems] = createSignal<SearchResult[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [failed, setFailed] = createSignal<string>();

  const load = async (from: string | null) => {
    if (!q()) return;
    setLoading(true);
    setFailed();
    try {
      const kind = tab();
      const page = await Search.query(q().slice(0, 100), kind === "all" ? undefined : kind, from);
      setItems((known) => (from ? [...known, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (error) {
      setFailed(error instanceof Error ? error.message : "Search failed");
    } finally {
      setLoading(false);
    }
  };

  // A new query or tab starts from the first page.
  createEffect(
    on([q, tab], () => {
      setItems([]);
      setCursor(null);
      void load(null);
    }),
  );

  return (
    <>
      <h1>
        <Show when={q()} fallback="Search">
          Results for “{q()}”
        </Show>
      </h1>
      <div class="tabs" role="tablist" aria-label="Kinds of result">
        <For each={tabs}>
          {(item, index) => (
            <button
              type="button"
              role="tab"
              id={`search-tab-${item.id}`}
              aria-selected={tab() === item.id}
              aria-controls="search-panel"
              class={tab() === item.id ? "tab active" : "tab"}
              tabindex={tab() === item.id ? 0 : -1}
              onClick={() => setParams({ type: item.id === "all" ? undefined : item.id })}
              onKeyDown={(event) => {
                if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
                const step = event.key === "ArrowRight" ? 1 : tabs.length - 1;
                const next = tabs[(index() + step) % tabs.length];
                if (!next) return;
                setParams({ type: next.id === "all" ? undefined : next.id });
                document.getElementById(`search-tab-${next.id}`)?.focus();
              }}
            >
              {item.label}
            </button>
          )}
        </For>
      </div>
      <section
        id="search-panel"
        role="tabpanel"
        aria-labelledby={`search-tab-${tab()}`}
        aria-busy={loading()}
      >
        <Show
          when={q()}
          fallback={<p class="empty">Type in the search box above to find guides, creators and products.</p>}
        >
          <Show
            when={items().length > 0}
            fallback={
              <Show
                when={!loading() && !failed()}
                fallback={
                  <Show when={loading()}>
                    <p class="loading">Searching…</p>
                  </Show>
                }
              >
                <div class="empty" role="status">
                  Nothing matches “{q()}”. Try fewer or shorter words.
                </div>
              </Show>
            }
          >
            <ul class="search-results" data-testid="search-results">
              <For each={items()}>{(result) => <ResultRow result={result} />}</For>
            </ul>
          </Show>
        </Show>
        <Show when={failed()}>
          {(message) => (
            <p class="form-error" role="alert">
              {message()}{" "}
              <button type="button" class="link" onClick={() => load(cursor())}>
                Try again
              </button>
            </p>
          )}
        </Show>
        <Show when={cursor()}>
          <p class="load-more">
            <button type="button" onClick={() => load(cursor())} disabled={loading()}>
              {loading() ? "Loading…" : "Load more"}
            </button>
          </p>
        </Show>
      </section>
    </>
  );
}
