import type { InferRequestType, InferResponseType } from "hono/client";
import { api, unwrap } from "../api/client";

export type GuideDetail = InferResponseType<(typeof api.v1.guides)[":id"]["$get"], 200>;
export type GuidePage = InferResponseType<typeof api.v1.feed.$get, 200>;
export type GuideSummary = GuidePage["items"][number];
export type ProductCard = GuideDetail["items"][number];
export type GuideInput = InferRequestType<typeof api.v1.guides.$post>["json"];
export type GuideUpdate = InferRequestType<(typeof api.v1.guides)[":id"]["$patch"]>["json"];

/** A page loader for lists: takes the cursor of the previous page (null for the first). */
export type PageLoader = (cursor: string | null) => Promise<GuidePage>;

export const pageQuery = (cursor: string | null, limit = 20) => ({
  limit: String(limit),
  ...(cursor ? { cursor } : {}),
});

/**
 * Where a card's Buy button goes: through the card's referral link (relative, so it works on whatever
 * origin serves the app), where the click is counted before the redirect. Only a draft's cards, seen by
 * their author, have no link yet and go straight to the product.
 */
export function buyHref(item: ProductCard): string {
  return item.link ? `/r/${item.link.code}` : item.url;
}

export const Guides = {
  following: ((cursor) => unwrap(api.v1.feed.$get({ query: pageQuery(cursor) }))) as PageLoader,
  trending: ((cursor) => unwrap(api.v1.feed.trending.$get({ query: pageQuery(cursor) }))) as PageLoader,
  saved: ((cursor) => unwrap(api.v1.me.saved.$get({ query: pageQuery(cursor) }))) as PageLoader,
  mine: ((cursor) => unwrap(api.v1.me.guides.$get({ query: pageQuery(cursor, 50) }))) as PageLoader,
  byTag:
    (tag: string): PageLoader =>
    (cursor) =>
      unwrap(api.v1.tags[":tag"].guides.$get({ param: { tag }, query: pageQuery(cursor) })),

  get: (id: string) => unwrap(api.v1.guides[":id"].$get({ param: { id } })),
  create: (input: GuideInput) => unwrap(api.v1.guides.$post({ json: input })),
  update: (id: string, input: GuideUpdate) =>
    unwrap(api.v1.guides[":id"].$patch({ param: { id }, json: input })),
  publish: (id: string) => unwrap(api.v1.guides[":id"].publish.$post({ param: { id } })),
  unpublish: (id: string) => unwrap(api.v1.guides[":id"].unpublish.$post({ param: { id } })),
  remove: (id: string) => unwrap(api.v1.guides[":id"].$delete({ param: { id } })),

  like: (id: string, on: boolean) =>
    unwrap(
      on
        ? api.v1.guides[":id"].like.$put({ param: { id } })
        : api.v1.guides[":id"].like.$delete({ param: { id } }),
    ),
  save: (id: string, on: boolean) =>
    unwrap(
      on
        ? api.v1.guides[":id"].save.$put({ param: { id } })
        : api.v1.guides[":id"].save.$delete({ param: { id } }),
    ),
};
