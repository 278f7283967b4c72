import type { InferRequestType, InferResponseType } from "hono/client";
import { api, unwrap } from "../api/client";

export type LinkRow = InferResponseType<typeof api.v1.links.$get, 200>["links"][number];
export type CreatedLink = InferResponseType<typeof api.v1.links.$post, 201>;
export type Stats = InferResponseType<(typeof api.v1.me.stats)["$get"], 200>;
export type StatsQuery = NonNullable<InferRequestType<(typeof api.v1.me.stats)["$get"]>["query"]>;
export type Interval = NonNullable<StatsQuery["interval"]>;

/** Referral links and their click stats, for the creator studio. */
export const Links = {
  async list(): Promise<LinkRow[]> {
    return (await unwrap(api.v1.links.$get())).links;
  },
  create(url: string): Promise<CreatedLink> {
    return unwrap(api.v1.links.$post({ json: { url } }));
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
