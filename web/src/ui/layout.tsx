import { A, useLocation, useNavigate } from "@solidjs/router";
import { createEffect, createSignal, type JSX, on, onCleanup, onMount, Show } from "solid-js";
import { Notifications } from "../data/notifications";
import { Session } from "../data/session";
import { Picture } from "./picture";
import { SearchBox } from "./search-box";
import { VerifyBanner } from "./verify-banner";

/**
 * On phones every table is drawn as stacked rows (styles.css); each cell then shows its column's name,
 * copied here from the table's header row into `data-label` as tables appear or change.
 */
function labelTableCells(root: HTMLElement) {
  for (const table of root.querySelectorAll("table")) {
    const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent?.trim() ?? "");
    if (names.length === 0) continue;
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, index) => {
        const name = names[index];
        if (name && cell.getAttribute("data-label") !== name) cell.setAttribute("data-label", name);
      });
    }
  }
}

export function Layout(props: { children?: JSX.Element }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = createSignal(false);
  // Any navigation closes the phone menu.
  createEffect(
    on(
      () => location.pathname,
      () => setMenuOpen(false),
      { defer: true },
    ),
  );
  let main: HTMLElement | undefined;
  onMount(() => {
    if (!main) return;
    const target = main;
    const observer = new MutationObserver(() => labelTableCells(target));
    observer.observe(target, { childList: true, subtree: true, characterData: true });
    onCleanup(() => observer.disconnect());
  });
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
        <SearchBox />
        <nav aria-label="Main">
          <A href="/categories">Categories</A>
          <A href="/creators" end>
            Creators
          </A>
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
                <button
                  type="button"
                  class="menu-toggle secondary"
                  aria-expanded={menuOpen()}
                  aria-controls="main-menu"
                  onClick={() => setMenuOpen(!menuOpen())}
                >
                  Menu
                </button>
                <div id="main-menu" class={menuOpen() ? "menu-items open" : "menu-items"}>
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
                  <Show when={user().role === "admin"}>
                    <A href="/admin">Admin</A>
                  </Show>
                  <A href="/account" class="account-link">
                    <Show when={Session.avatar()}>
                      {(avatar) => (
                        <Picture
                          image={avatar()}
                          sizes="28px"
                          alt=""
                          class="avatar tiny"
                          testId="header-avatar"
                        />
                      )}
                    </Show>
                    @{user().handle}
                  </A>
                  <A href="/settings">Settings</A>
                  <button type="button" class="link" onClick={logout}>
                    Log out
                  </button>
                </div>
              </>
            )}
          </Show>
        </nav>
      </header>
      <VerifyBanner />
      <main id="main" tabindex="-1" ref={main}>
        {props.children}
      </main>
    </>
  );
}
