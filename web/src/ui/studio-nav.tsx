import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { Session } from "../data/session";

/** The creator's tools, one row of tabs on every studio page, so the top bar stays short on a phone. */
export function StudioNav() {
  return (
    <Show when={Session.me()}>
      {(user) => (
        <nav class="studio-nav" aria-label="Creator studio">
          <A href="/studio" end>
            Guides
          </A>
          <A href="/studio/links">Links</A>
          <A href="/studio/analytics">Analytics</A>
          <A href="/campaigns">Campaigns</A>
          <A href="/earnings">Earnings</A>
          <A href="/payouts">Payouts</A>
          <A href={`/@${user().handle}`}>My page</A>
        </nav>
      )}
    </Show>
  );
}
