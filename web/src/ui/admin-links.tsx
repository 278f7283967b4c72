import { A } from "@solidjs/router";

/** The admin pages' short link row (the console at /admin links these pages in its tab bar). */
export function AdminLinks() {
  return (
    <nav class="admin-links" aria-label="Admin">
      <A href="/admin">Admin console</A> · <A href="/admin/accounts">Accounts</A> ·{" "}
      <A href="/admin/domains">Blocked domains</A>
    </nav>
  );
}
