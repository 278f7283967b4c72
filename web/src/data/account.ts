import type { InferResponseType } from "hono/client";
import { api, unwrap } from "../api/client";

export type SessionInfo = InferResponseType<typeof api.v1.me.sessions.$get, 200>["items"][number];

/** The signed-in person's own account: settings, sessions, export and deletion (issue 16). */
export const Account = {
  update: (json: { displayName?: string; handle?: string }) => unwrap(api.v1.me.$patch({ json })),
  changePassword: (json: { currentPassword: string; newPassword: string }) =>
    unwrap(api.v1.me.password.$post({ json })),
  changeEmail: (json: { newEmail: string; password: string }) => unwrap(api.v1.me.email.$post({ json })),
  confirmEmail: (token: string) => unwrap(api.v1.me.email.confirm.$post({ json: { token } })),
  becomeCreator: () => unwrap(api.v1.me.upgrade.$post({ json: { to: "creator" } })),
  remove: (json: { password: string; confirm: "DELETE" }) => unwrap(api.v1.me.delete.$post({ json })),
  sessions: async () => (await unwrap(api.v1.me.sessions.$get())).items,
  signOutOthers: () => unwrap(api.v1.me.sessions["revoke-others"].$post()),
  /** A plain link: the answer is an attachment the browser saves. */
  exportUrl: "/api/v1/me/export",
};
