import type { Actor } from "@shopguide/core/util/actor";

/** What every request carries through the Hono context. */
export interface AppEnv {
  Variables: {
    actor: Actor;
    /** The session token when the caller sent one, so logout can revoke exactly it. */
    sessionToken: string | undefined;
    clientIp: string;
    requestId: string;
    /** The stable code of the error answer, once the error mapper has chosen one. */
    errorCode: string | undefined;
  };
}
