import type { InferResponseType } from "hono/client";
import { createResource } from "solid-js";
import { api, unwrap } from "../api/client";

export type Me = InferResponseType<typeof api.v1.me.$get, 200>;
type SessionAnswer = InferResponseType<typeof api.v1.session.$get, 200>;
export type Avatar = SessionAnswer["avatar"];

/** The session route answers nulls when signed out, so an anonymous page logs no failed request. */
const [session, { refetch, mutate }] = createResource(
  async (): Promise<SessionAnswer> => unwrap(api.v1.session.$get()),
);

/** The signed-in account, shared by every page (null when signed out), read like a resource (`.loading`). */
const me = Object.defineProperty((): Me | null | undefined => session()?.user, "loading", {
  get: () => session.loading,
}) as (() => Me | null | undefined) & { readonly loading: boolean };

export const Session = {
  me,
  /** The signed-in account's avatar (header, account page); null when none or signed out. */
  avatar: (): Avatar => session()?.avatar ?? null,
  refresh: refetch,
  signedIn(user: Me) {
    mutate({ user, avatar: session()?.avatar ?? null });
    void refetch();
  },
  /** After the account page changes the avatar, so the header shows it at once. */
  avatarChanged(avatar: Avatar) {
    const current = session();
    if (current?.user) mutate({ ...current, avatar });
  },
  /** The account is gone (deleted): forget it without asking the server. */
  signedOut() {
    mutate({ user: null, avatar: null });
  },
  async logout() {
    await unwrap(api.v1.auth.logout.$post());
    mutate({ user: null, avatar: null });
  },
};
