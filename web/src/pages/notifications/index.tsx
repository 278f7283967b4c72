import { A } from "@solidjs/router";
import { For, onMount, Show } from "solid-js";
import { Notifications } from "../../data/notifications";
import { createPagedList } from "../../data/paged";
import { Session } from "../../data/session";
import { ShowMore } from "../../ui/show-more";

/** The notification centre: newest first; unread ones stand out until "Mark all read". */
export default function NotificationsPage() {
  onMount(() => void Notifications.refresh());
  // The first page is the one the bell shows; "Show more" reads on from its cursor.
  const notifications = createPagedList(
    () => (Notifications.latest.error ? undefined : Notifications.latest()),
    (first, cursor) => (cursor ? Notifications.after(cursor) : Promise.resolve(first)),
  );
  return (
    <section class="card">
      <h1>Notifications</h1>
      <Show when={Session.me()} fallback={<p>Log in to see your notifications.</p>}>
        <p>
          <A href="/notifications/settings">Notification settings</A>
        </p>
        <Show when={(Notifications.latest()?.unread ?? 0) > 0}>
          <button type="button" onClick={() => void Notifications.markAllRead()}>
            Mark all read
          </button>
        </Show>
        <Show when={Notifications.latest()?.items.length === 0}>
          <p>Nothing yet.</p>
        </Show>
        <ul class="list plain" data-testid="notifications">
          <For each={notifications.items()}>
            {(item) => (
              <li classList={{ unread: !item.read }} data-kind={item.kind}>
                <A href={item.link}>
                  <strong>{item.title}</strong>
                </A>
                <p class="mail-text">{item.body}</p>
                <small class="hint">{new Date(item.at).toLocaleString()}</small>
              </li>
            )}
          </For>
        </ul>
        <ShowMore list={notifications} noun="notifications" />
      </Show>
    </section>
  );
}
