import { A, useSearchParams } from "@solidjs/router";
import { createResource, Match, Switch } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import { Session } from "../../data/session";

/** The verification mail's link lands here (`?token=`) and posts the token back once. */
export default function VerifyEmailPage() {
  const [search] = useSearchParams<{ token?: string }>();
  const [result] = createResource(
    () => search.token ?? "",
    async (token) => {
      try {
        await unwrap(api.v1.auth["verify-email"].$post({ json: { token } }));
        await Session.refresh();
        return { ok: true as const };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return { ok: false as const, message: error.message };
      }
    },
  );
  return (
    <section class="card narrow">
      <h1>Confirm your email</h1>
      <Switch>
        <Match when={result.loading}>
          <p aria-busy="true">Confirming…</p>
        </Match>
        <Match when={result()?.ok}>
          <p role="status" data-testid="verified">
            Your email is confirmed. <A href="/account">Go to your account</A>
          </p>
        </Match>
        <Match when={result() && !result()?.ok}>
          <p class="form-error" role="alert">
            {(result() as { message: string }).message}
          </p>
        </Match>
      </Switch>
    </section>
  );
}
