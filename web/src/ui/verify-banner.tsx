import { createSignal, Show } from "solid-js";
import { ApiError, api, unwrap } from "../api/client";
import { Session } from "../data/session";

/** Shown while the signed-in account's email is unconfirmed, with a resend (limited by the API). */
export function VerifyBanner() {
  const [status, setStatus] = createSignal<string>();
  const resend = async () => {
    try {
      await unwrap(api.v1.auth["verify-email"].resend.$post());
      setStatus("Sent. Open the link in the new mail.");
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setStatus(error.message);
      if (error.code === "email_already_verified") await Session.refresh();
    }
  };
  return (
    <Show when={Session.me() && !Session.me()?.emailVerified}>
      <section class="verify-banner" aria-label="Email confirmation" data-testid="verify-banner">
        <span>Confirm your email: we sent a link to {Session.me()?.email}.</span>
        <button type="button" class="link" onClick={resend}>
          Send it again
        </button>
        <Show when={status()}>
          <span role="status">{status()}</span>
        </Show>
      </section>
    </Show>
  );
}
