import { type Accessor, createResource, createSignal } from "solid-js";

/** One page of a list as the API answers it: items and, when there are more, an opaque cursor. */
export interface PageOf<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * A list the API answers a page at a time, shown as its first page plus whatever "Show more" has loaded.
 * Reading the first page again (its source changes, or `reload`) starts over: pages loaded after a first
 * page belong to it and are dropped with it.
 */
export function createPagedList<S, T>(
  source: Accessor<S | false | undefined>,
  fetchPage: (source: S, cursor?: string) => Promise<PageOf<T>>,
) {
  const [first, { refetch }] = createResource(source, (value) => fetchPage(value));
  const [more, setMore] = createSignal<{ after: PageOf<T>; items: T[]; cursor?: string }>();
  const [loadingMore, setLoadingMore] = createSignal(false);
  const loaded = () => {
    const pages = more();
    return pages && pages.after === first() ? pages : undefined;
  };
  const items = () => [...(first()?.items ?? []), ...(loaded()?.items ?? [])];
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
      setMore({ after, items: [...(loaded()?.items ?? []), ...page.items], cursor: page.nextCursor });
    } finally {
      setLoadingMore(false);
    }
  }
  return { first, items, cursor, loadMore, loadingMore, reload: refetch };
}
