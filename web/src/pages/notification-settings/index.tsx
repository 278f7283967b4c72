import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { ApiError } from "../../api/client";
import {
  KIND_LABELS,
  type NotificationChannel,
  type NotificationKind,
  type NotificationPreferences,
  NotificationPreferencesApi,
} from "../../data/notifications";
import { FormError } from "../../ui/form-error";

const CHANNELS: { value: NotificationChannel; label: string }[] = [
  { value: "in_app", label: "In app" },
  { value: "email", label: "Email" },
  { value: "digest", label: "Daily digest" },
  { value: "off", label: "Off" },
];

/** Where each kind of notification goes: one row per kind, one radio per channel (digest for feed items only). */
export default function NotificationSettingsPage() {
  const [stored, { mutate }] = createResource(() => NotificationPreferencesApi.get());
  const [error, setError] = createSignal<string>();
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const [saved, setSaved] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const choices = Object.fromEntries(
      (Object.keys(KIND_LABELS) as NotificationKind[]).map((kind) => [kind, String(data.get(kind))]),
    ) as NotificationPreferences;
    setError(undefined);
    setFieldErrors({});
    setSaved(false);
    try {
      mutate(await NotificationPreferencesApi.put(choices));
      setSaved(true);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      setError(failure.message);
      setFieldErrors(failure.fieldErrors());
    }
  };

  return (
    <section class="card">
      <h1>Notification settings</h1>
      <p class="hint">
        Choose where each kind goes. Mail goes to your confirmed address only.{" "}
        <A href="/notifications">Back to notifications</A>
      </p>
      <Show when={stored()} fallback={<p aria-busy="true">Loading…</p>}>
        {(preferences) => (
          <form onSubmit={(event) => void submit(event)} data-testid="notification-settings">
            <div class="table-wrap">
              <table class="preferences">
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    <For each={CHANNELS}>{(channel) => <th scope="col">{channel.label}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <For each={Object.entries(KIND_LABELS) as [NotificationKind, string][]}>
                    {([kind, label]) => (
                      <tr data-kind={kind}>
                        <th scope="row">
                          {label}
                          <Show when={fieldErrors()[kind]}>
                            <span class="form-error" role="alert">
                              {" "}
                              {fieldErrors()[kind]}
                            </span>
                          </Show>
                        </th>
                        <For each={CHANNELS}>
                          {(channel) => (
                            <td>
                              <Show when={channel.value !== "digest" || kind === "guide_published"}>
                                <input
                                  type="radio"
                                  name={kind}
                                  value={channel.value}
                                  checked={preferences()[kind] === channel.value}
                                  aria-label={`${label}: ${channel.label}`}
                                />
                              </Show>
                            </td>
                          )}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <FormError message={error()} />
            <Show when={saved()}>
              <p role="status">Saved.</p>
            </Show>
            <button type="submit">Save</button>
          </form>
        )}
      </Show>
    </section>
  );
}
