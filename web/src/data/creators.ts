import type { InferRequestType, InferResponseType } from "hono/client";
import { api, unwrap } from "../api/client";
import { pageQuery } from "./guides";

export type Storefront = InferResponseType<(typeof api.v1.creators)[":handle"]["$get"], 200>;
export type ProfileInput = InferRequestType<typeof api.v1.me.profile.$patch>["json"];

export const Creators = {
  storefront: (handle: string, cursor: string | null = null, limit = 50) =>
    unwrap(api.v1.creators[":handle"].$get({ param: { handle }, query: pageQuery(cursor, limit) })),
  follow: (handle: string, on: boolean) =>
    unwrap(
      on
        ? api.v1.creators[":handle"].follow.$put({ param: { handle } })
        : api.v1.creators[":handle"].follow.$delete({ param: { handle } }),
    ),
  updateProfile: (input: ProfileInput) => unwrap(api.v1.me.profile.$patch({ json: input })),
};
