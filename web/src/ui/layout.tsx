import { A, useNavigate } from "@solidjs/router";
import { type JSX, Show } from "solid-js";
import { Notifications } from "../data/notifications";
import { Session } from "../data/session";
import { VerifyBanner } from "./verify-banner";

export function Layout(props: { children?: JSX.Element }) {
  const navigate = useNavigate();
  const logout = async () => {
    await Session.logout();
    navigate("/");
  };
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <A href="/" class="brand" end>
          shopguide
        </A>
        <nav aria-label="Main">
          <Show
            when={Session.me()}
            fallback={
              <>
                <A href="/login">Log in</A>
                <A href="/signup" class="button">
                  Sign up
                </A>
              </>
            }
          >
            {(user) => (
              <>
                <A href="/saved">Saved</A>
                <A href="/groupbuys" end>
                  Group-buys
                </A>
                <Show when={user().role === "brand" || user().role === "admin"}>
                  <A href="/brand">Brand console</A>
                </Show>
                <Show when={user().role === "creator" || user().role === "admin"}>
                  <A href="/studio">Studio</A>
                </Show>
                <A
                  href="/notifications"
                  class="bell"
                  data-testid="bell"
                  aria-label={`Notifications, ${Notifications.latest()?.unread ?? 0} unread`}
                >
                  🔔
                  <Show when={(Notifications.latest()?.unread ?? 0) > 0}>
                    <span class="badge">{Notifications.latest()?.unread}</span>
                  </Show>
                </A>
                <A href="/account">@{user().handle}</A>
                <button type="button" class="link" onClick={logout}>
                  Log out
                </button>
              </>
            )}
          </Show>
        </nav>
      </header>
      <VerifyBanner />
      <main id="main" tabindex="-1">
        {props.children}
      </main>
    </>
  );
}
