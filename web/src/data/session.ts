import type { InferResponseType } from "hono/client";
import { createResource } from "solid-js";
import { api, unwrap } from "../api/client";

export type Me = InferResponseType<typeof api.v1.me.$get, 200>;

/** The session route answers null when signed out, so an anonymous page logs no failed request. */
async function fetchMe(): Promise<Me | null> {
  return (await unwrap(api.v1.session.$get())).user;
}

/** The signed-in account, shared by every page; null when signed out. */
const [me, { refetch, mutate }] = createResource(fetchMe);

export const Session = {
  me,
  refresh: refetch,
  signedIn(user: Me) {
    mutate(user);
  },
  /** The account is gone (deleted): forget it without asking the server. */
  signedOut() {
    mutate(null);
  },
  async logout() {
    await unwrap(api.v1.auth.logout.$post());
    mutate(null);
  },
};
