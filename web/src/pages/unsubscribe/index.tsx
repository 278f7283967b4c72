import { A, useSearchParams } from "@solidjs/router";
import { createResource, Match, Switch } from "solid-js";
import { ApiError } from "../../api/client";
import { KIND_LABELS, NotificationPreferencesApi } from "../../data/notifications";

/** A mail's "Stop these mails" link lands here (`?token=`): one click, no sign-in, then it says what stopped. */
export default function UnsubscribePage() {
  const [search] = useSearchParams<{ token?: string }>();
  const [result] = createResource(
    () => search.token ?? "",
    async (token) => {
      try {
        const { kind } = await NotificationPreferencesApi.unsubscribe(token);
        return { ok: true as const, label: KIND_LABELS[kind] };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return { ok: false as const, message: error.message };
      }
    },
  );
  return (
    <section class="card narrow">
      <h1>Unsubscribe</h1>
      <Switch>
        <Match when={result.loading}>
          <p aria-busy="true">Unsubscribing…</p>
        </Match>
        <Match when={result()?.ok}>
          <p role="status" data-testid="unsubscribed">
            No more mail for “{(result() as { label: string }).label}”. It still shows in your notifications.{" "}
            <A href="/notifications/settings">Notification settings</A>
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
