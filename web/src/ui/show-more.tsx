import { Show } from "solid-js";

/** The "Show more" button under a paged list (data/paged.ts); absent once the last page is in. */
export function ShowMore(props: {
  list: {
    cursor(): string | undefined;
    loadMore(): Promise<void>;
    loadingMore(): boolean;
    items(): unknown[];
  };
  /** What the list holds, plural: "conversions". */
  noun: string;
}) {
  return (
    <Show when={props.list.cursor()}>
      <button
        type="button"
        class="small secondary show-more"
        disabled={props.list.loadingMore()}
        onClick={() => void props.list.loadMore()}
      >
        {props.list.loadingMore()
          ? "Loading…"
          : `Show more ${props.noun} (${props.list.items().length} shown)`}
      </button>
    </Show>
  );
}
