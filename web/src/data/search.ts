import type { InferResponseType } from "hono/client";
import { api, unwrap } from "../api/client";

export type SearchPage = InferResponseType<typeof api.v1.search.$get, 200>;
export type SearchResult = SearchPage["items"][number];
export type Suggestion = InferResponseType<typeof api.v1.search.suggest.$get, 200>["items"][number];
export type SearchKind = SearchResult["type"];

export const Search = {
  /** One page of results; `type` narrows to one kind, `cursor` continues the same query. */
  query: (q: string, type: SearchKind | undefined, cursor: string | null) =>
    unwrap(
      api.v1.search.$get({
        query: { q, limit: "20", ...(type ? { type } : {}), ...(cursor ? { cursor } : {}) },
      }),
    ),
  suggest: (q: string) => unwrap(api.v1.search.suggest.$get({ query: { q } })),
};
