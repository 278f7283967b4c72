import { type Accessor, batch, createResource, createSignal } from "solid-js";

/** One page of a list as the API answers it: items and, when there are more, an opaque cursor. */
export interface PageOf<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * A list the API answers a page at a time, shown as its first page plus whatever "Show more" has loaded.
 * Reading the first page again (its source changes, or `reload`) starts over: pages loaded after a first
 * page belong to it and are dropped with it. `refresh` (a live list's poll) reads again as many pages as are
 * shown instead, each from the fresh cursor before it, and keeps them shown.
 */
export function createPagedList<S, P extends PageOf<unknown>>(
  source: Accessor<S | false | undefined>,
  fetchPage: (source: S, cursor?: string) => Promise<P>,
) {
  type T = P["items"][number];
  const [first, { refetch, mutate }] = createResource(source, (value) => fetchPage(value));
  const [more, setMore] = createSignal<{ after: P; pages: number; items: T[]; cursor?: string }>();
  const [loadingMore, setLoadingMore] = createSignal(false);
  const loaded = () => {
    const pages = more();
    return pages && pages.after === first() ? pages : undefined;
  };
  const items = (): T[] => [...(first()?.items ?? []), ...(loaded()?.items ?? [])];
  const cursor = () => {
    const pages = loaded();
    return pages ? pages.cursor : first()?.nextCursor;
  };
  async function loadMore() {
    const after = first();
    const from = cursor();
    const value = source();
    if (!after || !from || value === false || value === undefined || loadingMore()) return;
    setLoadingMore(true);
    try {
      const page = await fetchPage(value, from);
      if (first() !== after) return; // read again meanwhile: this page belongs to the old list
      const shown = loaded();
      setMore({
        after,
        pages: (shown?.pages ?? 0) + 1,
        items: [...(shown?.items ?? []), ...page.items],
        cursor: page.nextCursor,
      });
    } finally {
      setLoadingMore(false);
    }
  }
  async function refresh() {
    const after = first();
    const shown = loaded();
    const value = source();
    if (!after || value === false || value === undefined) return;
    const head = await fetchPage(value);
    const items: T[] = [];
    let from = head.nextCursor;
    for (let page = 0; page < (shown?.pages ?? 0) && from; page++) {
      const next = await fetchPage(value, from);
      items.push(...next.items);
      from = next.nextCursor;
    }
    // Started over, or "Show more" ran meanwhile: that read wins, the next refresh includes it.
    if (first() !== after || loaded() !== shown || loadingMore()) return;
    batch(() => {
      mutate(() => head);
      setMore(shown ? { after: head, pages: shown.pages, items, cursor: from } : undefined);
    });
  }
  return { first, items, cursor, loadMore, loadingMore, reload: refetch, refresh };
}
