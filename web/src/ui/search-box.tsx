import { useNavigate, useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import { Search, type Suggestion } from "../data/search";

/** Asks for suggestions once typing pauses this long. */
const DEBOUNCE_MS = 200;

const kindLabel: Record<Suggestion["type"], string> = {
  guide: "Guide",
  creator: "Creator",
  product: "Product",
};

/**
 * The header's search box: a combobox (ARIA 1.2) whose listbox offers suggestions as you type. Arrow keys
 * move through them, Enter opens the highlighted one (or, with none highlighted, the results page for what
 * was typed), Escape closes the list.
 */
export function SearchBox() {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ q?: string }>();
  const [text, setText] = createSignal(params.q ?? "");
  const [suggestions, setSuggestions] = createSignal<Suggestion[]>([]);
  const [open, setOpen] = createSignal(false);
  const [active, setActive] = createSignal(-1);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  onCleanup(() => clearTimeout(timer));

  // The box shows the query of the results page being read.
  createEffect(
    on(
      () => params.q,
      (q) => q !== undefined && setText(q),
      { defer: true },
    ),
  );

  const ask = (q: string) => {
    clearTimeout(timer);
    if (q.trim().length < 2) {
      setSuggestions([]);
      setOpen(false);
      return;
    }
    timer = setTimeout(async () => {
      const mine = ++asked;
      try {
        const answer = await Search.suggest(q.trim().slice(0, 100));
        // Only the latest question's answer is shown.
        if (mine !== asked) return;
        setSuggestions(answer.items);
        setActive(-1);
        setOpen(answer.items.length > 0);
      } catch {
        if (mine === asked) setOpen(false);
      }
    }, DEBOUNCE_MS);
  };

  const close = () => {
    setOpen(false);
    setActive(-1);
  };

  const go = (suggestion: Suggestion | undefined) => {
    close();
    clearTimeout(timer);
    asked++;
    if (suggestion?.url?.startsWith("/")) navigate(suggestion.url);
    else if (suggestion?.url) window.location.assign(suggestion.url);
    else if (text().trim()) navigate(`/search?q=${encodeURIComponent(text().trim().slice(0, 100))}`);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const count = suggestions().length;
    if (event.key === "ArrowDown" && count > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((active() + 1) % count);
    } else if (event.key === "ArrowUp" && count > 0) {
      event.preventDefault();
      setOpen(true);
      setActive(active() <= 0 ? count - 1 : active() - 1);
    } else if (event.key === "Escape") {
      close();
    } else if (event.key === "Enter") {
      event.preventDefault();
      go(open() && active() >= 0 ? suggestions()[active()] : undefined);
    }
  };

  return (
    <form
      class="search-box"
      aria-label="Search"
      onSubmit={(event) => {
        event.preventDefault();
        go(undefined);
      }}
    >
      <input
        type="search"
        name="q"
        placeholder="Search guides, creators, products"
        aria-label="Search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open()}
        aria-controls="search-suggestions"
        aria-activedescendant={open() && active() >= 0 ? `search-suggestion-${active()}` : undefined}
        autocomplete="off"
        maxLength={100}
        value={text()}
        onInput={(event) => {
          setText(event.currentTarget.value);
          ask(event.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(close, 150)}
        data-testid="search-input"
      />
      <div
        id="search-suggestions"
        role="listbox"
        aria-label="Suggestions"
        class="suggestions"
        hidden={!open()}
      >
        <Show when={open()}>
          <For each={suggestions()}>
            {(suggestion, index) => (
              <div
                id={`search-suggestion-${index()}`}
                tabIndex={-1}
                role="option"
                aria-selected={active() === index()}
                class={active() === index() ? "active" : undefined}
                // Chosen on mousedown, before the input's blur closes the list.
                onMouseDown={(event) => {
                  event.preventDefault();
                  go(suggestion);
                }}
              >
                <span class="kind">{kindLabel[suggestion.type]}</span> {suggestion.title}
              </div>
            )}
          </For>
        </Show>
      </div>
    </form>
  );
}
