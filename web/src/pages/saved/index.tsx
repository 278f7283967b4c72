import { A } from "@solidjs/router";
import { Match, Switch } from "solid-js";
import { Guides } from "../../data/guides";
import { Session } from "../../data/session";
import { GuideList } from "../../ui/guide-list";

export default function SavedPage() {
  return (
    <>
      <h1>Saved guides</h1>
      <Switch>
        <Match when={Session.me.loading}>
          <p class="loading">Loading…</p>
        </Match>
        <Match when={Session.me()}>
          <GuideList
            label="Saved guides"
            load={Guides.saved}
            empty={
              <div class="empty" role="status">
                Nothing saved yet. Tap Save on a guide to keep it here.
              </div>
            }
          />
        </Match>
        <Match when={!Session.me()}>
          <p>
            <A href="/login">Log in</A> to see your saved guides.
          </p>
        </Match>
      </Switch>
    </>
  );
}
