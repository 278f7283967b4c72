import type { InferResponseType } from "hono/client";
import { createResource } from "solid-js";
import { ApiError, api, unwrap } from "../api/client";

export type Me = InferResponseType<typeof api.v1.me.$get, 200>;

async function fetchMe(): Promise<Me | null> {
  try {
    return await unwrap(api.v1.me.$get());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in account, shared by every page; null when signed out. */
const [me, { refetch, mutate }] = createResource(fetchMe);

export const Session = {
  me,
  refresh: refetch,
  signedIn(user: Me) {
    mutate(user);
  },
  async logout() {
    await unwrap(api.v1.auth.logout.$post());
    mutate(null);
  },
};
