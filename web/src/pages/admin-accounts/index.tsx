import { createSignal, Show } from "solid-js";
import { ApiError } from "../../api/client";
import { type AdminAccount, AdminAccounts } from "../../data/admin";
import { Session } from "../../data/session";
import { AdminLinks } from "../../ui/admin-links";
import { FormError } from "../../ui/form-error";

/** Admins: find an account by handle, suspend it or lift its suspension, with a reason for the audit log. */
export default function AdminAccountsPage() {
  const isAdmin = () => Session.me()?.role === "admin";
  const [account, setAccount] = createSignal<AdminAccount>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal<string>();

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError();
    setDone();
    try {
      await work();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.message);
    } finally {
      setBusy(false);
    }
  };

  const find = (event: SubmitEvent) => {
    event.preventDefault();
    const handle = String(new FormData(event.currentTarget as HTMLFormElement).get("handle") ?? "")
      .trim()
      .replace(/^@/, "");
    setAccount();
    void run(async () => {
      setAccount(await AdminAccounts.lookup(handle));
    });
  };

  const act = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const reason = String(new FormData(form).get("reason") ?? "").trim();
    const current = account();
    if (!current) return;
    void run(async () => {
      const next = current.suspendedAt
        ? await AdminAccounts.restore(current.userId, reason)
        : await AdminAccounts.suspend(current.userId, reason);
      setAccount(next);
      setDone(next.suspendedAt ? `@${next.handle} is suspended.` : `@${next.handle} is restored.`);
      form.reset();
    });
  };

  return (
    <section class="card narrow admin-page">
      <AdminLinks />
      <h1>Accounts</h1>
      <Show when={isAdmin()} fallback={<p>Only admins can manage accounts.</p>}>
        <form onSubmit={find} class="stack">
          <label for="admin-handle">Handle</label>
          <input id="admin-handle" name="handle" required maxLength={31} placeholder="@handle" />
          <button type="submit" disabled={busy()}>
            Look up
          </button>
        </form>
        <FormError message={error()} />
        <Show when={done()}>
          <p role="status">{done()}</p>
        </Show>
        <Show when={account()}>
          {(found) => (
            <div class="stack" data-testid="admin-account">
              <h2>
                {found().displayName} <span class="muted">@{found().handle}</span>
              </h2>
              <p>
                {found().role} ·{" "}
                {found().suspendedAt
                  ? `suspended since ${new Date(found().suspendedAt as string).toLocaleString()}`
                  : "active"}
              </p>
              <Show when={found().role !== "admin"}>
                <form onSubmit={act} class="stack">
                  <label for="admin-reason">Reason (kept in the audit log)</label>
                  <textarea id="admin-reason" name="reason" required maxLength={500} rows={3} />
                  <button type="submit" disabled={busy()} class={found().suspendedAt ? "" : "danger"}>
                    {found().suspendedAt ? "Restore account" : "Suspend account"}
                  </button>
                </form>
              </Show>
            </div>
          )}
        </Show>
      </Show>
    </section>
  );
}
