import { Show } from "solid-js";

/** The "Show more" button under a paged list (data/paged.ts, or any list with a cursor); absent once the last page is in. */
export function ShowMore(props: {
  list: {
    cursor(): string | undefined;
    loadMore(): Promise<void>;
    loadingMore(): boolean;
    items(): unknown[];
  };
  /** What the list holds, plural: "conversions". */
  noun: string;
  /** What is shown so far, when more is known than the count loaded ("12 of 150"). */
  shown?: string;
  testId?: string;
}) {
  return (
    <Show when={props.list.cursor()}>
      <button
        type="button"
        class="small secondary show-more"
        disabled={props.list.loadingMore()}
        onClick={() => void props.list.loadMore()}
        data-testid={props.testId}
      >
        {props.list.loadingMore()
          ? "Loading…"
          : `Show more ${props.noun} (${props.shown ?? `${props.list.items().length} shown`})`}
      </button>
    </Show>
  );
}
