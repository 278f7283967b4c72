/** What a signed-out person wanted to do when asked to sign in; the page completes it on return. */
export type WantedAction = "follow" | "join" | "save";

/** A same-origin path to return to (`/groupbuys/x?ref=rosa`), or the fallback: never another origin. */
export function safeNext(next: string | undefined, fallback = "/account"): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  try {
    const url = new URL(next, window.location.origin);
    return url.origin === window.location.origin ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}

/** The current page (its query kept, `ref` included), with the wanted action added as `do`. */
export function here(action?: WantedAction): string {
  const url = new URL(window.location.href);
  if (action) url.searchParams.set("do", action);
  else url.searchParams.delete("do");
  return `${url.pathname}${url.search}`;
}

/** Log-in (or sign-up) link that comes back here, carrying the wanted action. */
export function signInHref(action?: WantedAction, page: "login" | "signup" = "login"): string {
  return `/${page}?next=${encodeURIComponent(here(action))}`;
}

/**
 * The action the person asked for before signing in, read once: the `do` parameter is then removed from the
 * address so a reload does not repeat it.
 */
export function takeWantedAction(action: WantedAction): boolean {
  const url = new URL(window.location.href);
  if (url.searchParams.get("do") !== action) return false;
  url.searchParams.delete("do");
  window.history.replaceState(window.history.state, "", `${url.pathname}${url.search}${url.hash}`);
  return true;
}
