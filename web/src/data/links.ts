import type { InferRequestType, InferResponseType } from "hono/client";
import { api, unwrap } from "../api/client";

export type LinkRow = InferResponseType<typeof api.v1.links.$get, 200>["items"][number];
export type CreatedLink = InferResponseType<typeof api.v1.links.$post, 201>;
export type Stats = InferResponseType<(typeof api.v1.me.stats)["$get"], 200>;
export type StatsQuery = NonNullable<InferRequestType<(typeof api.v1.me.stats)["$get"]>["query"]>;
export type Interval = NonNullable<StatsQuery["interval"]>;

/** Referral links and their click stats, for the creator studio. */
export const Links = {
  /** One page of the creator's links, newest first; pass `nextCursor` for the next. */
  async page(cursor?: string) {
    const page = await unwrap(api.v1.links.$get({ query: { cursor } }));
    return { ...page, nextCursor: page.nextCursor ?? undefined };
  },
  /** A link for `url`; `existed` when the creator already had one for it (the API answers 200, not 201). */
  async create(url: string): Promise<CreatedLink & { existed: boolean }> {
    const response = await api.v1.links.$post({ json: { url } });
    const link = await unwrap(Promise.resolve(response));
    return { ...link, existed: response.status === 200 };
  },
  setDisabled(code: string, disabled: boolean) {
    return unwrap(api.v1.links[":code"].$patch({ param: { code }, json: { disabled } }));
  },
  /** One link's stats when `code` is given, else the creator's across every link. */
  stats(code: string | undefined, query: StatsQuery): Promise<Stats> {
    return code
      ? unwrap(api.v1.links[":code"].stats.$get({ param: { code }, query }))
      : unwrap(api.v1.me.stats.$get({ query }));
  },
};

/** Bot share of all recorded visits, as a whole percentage; "–" before the first visit. */
export function botShare(clicks: LinkRow["clicks"]): string {
  const all = clicks.humanClicks + clicks.duplicateClicks + clicks.botClicks;
  return all === 0 ? "–" : `${Math.round((clicks.botClicks / all) * 100)}%`;
}
