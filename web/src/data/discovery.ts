import type { InferRequestType, InferResponseType } from "hono/client";
import { api, unwrap } from "../api/client";
import { type PageLoader, pageQuery } from "./guides";

export type Category = InferResponseType<typeof api.v1.categories.$get, 200>["items"][number];
export type CreatorPage = InferResponseType<typeof api.v1.creators.$get, 200>;
export type CreatorCard = CreatorPage["items"][number];
export type DirectorySort = "followers" | "active";
/** A category slug as the API accepts it; the server refuses any other (422). */
export type CategorySlug = NonNullable<InferRequestType<typeof api.v1.creators.$get>["query"]["category"]>;

/** A page loader for creator lists: takes the cursor of the previous page (null for the first). */
export type CreatorLoader = (cursor: string | null) => Promise<CreatorPage>;

export const Discovery = {
  categories: async () => (await unwrap(api.v1.categories.$get())).items,
  category: (slug: string) =>
    unwrap(api.v1.categories[":slug"].$get({ param: { slug }, query: pageQuery(null, 1) })),
  categoryGuides:
    (slug: string): PageLoader =>
    async (cursor) =>
      (await unwrap(api.v1.categories[":slug"].$get({ param: { slug }, query: pageQuery(cursor) }))).guides,
  creators:
    (sort: DirectorySort, category?: string): CreatorLoader =>
    (cursor) =>
      unwrap(
        api.v1.creators.$get({
          query: { ...pageQuery(cursor), sort, ...(category ? { category: category as CategorySlug } : {}) },
        }),
      ),
  suggestions: ((cursor) =>
    unwrap(api.v1.me.suggestions.$get({ query: pageQuery(cursor) }))) as CreatorLoader,
  interests: async () => (await unwrap(api.v1.me.interests.$get())).categories,
  setInterests: (categories: string[]) =>
    unwrap(api.v1.me.interests.$put({ json: { categories: categories as CategorySlug[] } })),
};
