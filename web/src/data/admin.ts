import type { InferResponseType } from "hono/client";
import { api, unwrap } from "../api/client";

/** Admin-only reads and actions on accounts and blocked domains, typed from the API's own routes. */
export type AdminAccount = InferResponseType<typeof api.v1.admin.accounts.$get, 200>;
export type BlockedDomain = InferResponseType<typeof api.v1.admin.domains.blocked.$get, 200>["items"][number];

const account = api.v1.admin.accounts[":userId"];

export const AdminAccounts = {
  lookup: (handle: string) => unwrap(api.v1.admin.accounts.$get({ query: { handle } })),
  suspend: (userId: string, reason: string) =>
    unwrap(account.suspend.$post({ param: { userId }, json: { reason } })),
  restore: (userId: string, reason: string) =>
    unwrap(account.restore.$post({ param: { userId }, json: { reason } })),
};

export const BlockedDomains = {
  list: (cursor?: string) => unwrap(api.v1.admin.domains.blocked.$get({ query: { cursor } })),
  block: (domain: string, reason: string) =>
    unwrap(api.v1.admin.domains.blocked.$post({ json: { domain, reason } })),
  unblock: async (domain: string, reason: string) => {
    await unwrap(api.v1.admin.domains.blocked[":domain"].$delete({ param: { domain }, query: { reason } }));
  },
};
