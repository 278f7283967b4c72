import { createResource, createSignal, For, Show } from "solid-js";
import { ApiError } from "../../api/client";
import { BlockedDomains } from "../../data/admin";
import { Session } from "../../data/session";
import { AdminLinks } from "../../ui/admin-links";
import { FormError } from "../../ui/form-error";

/** Admins: domains blocked platform-wide (links to them answer a "no longer available" page), 50 a page. */
export default function AdminDomainsPage() {
  const isAdmin = () => Session.me()?.role === "admin";
  const [cursor, setCursor] = createSignal<string | undefined>();
  const [page, { refetch }] = createResource(
    () => (isAdmin() ? { cursor: cursor() } : false),
    ({ cursor }) => BlockedDomains.list(cursor),
  );
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError();
    try {
      await work();
      await refetch();
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught.fieldErrors().domain ?? caught.message);
    } finally {
      setBusy(false);
    }
  };

  const block = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    void run(async () => {
      await BlockedDomains.block(
        String(data.get("domain") ?? "").trim(),
        String(data.get("reason") ?? "").trim(),
      );
      form.reset();
    });
  };

  const unblock = (domain: string) =>
    run(() => BlockedDomains.unblock(domain, "Unblocked from the admin page"));

  return (
    <section class="card narrow admin-page">
      <AdminLinks />
      <h1>Blocked domains</h1>
      <Show when={isAdmin()} fallback={<p>Only admins can manage blocked domains.</p>}>
        <form onSubmit={block} class="stack">
          <label for="block-domain">Domain (its subdomains are blocked too)</label>
          <input id="block-domain" name="domain" required maxLength={253} placeholder="example.com" />
          <label for="block-reason">Reason (shown in the audit log)</label>
          <textarea id="block-reason" name="reason" required maxLength={500} rows={2} />
          <button type="submit" class="danger" disabled={busy()}>
            Block domain
          </button>
        </form>
        <FormError message={error()} />
        <Show when={page()} fallback={<p class="loading">Loading…</p>}>
          {(loaded) => (
            <>
              <Show when={loaded().items.length > 0} fallback={<p>No domain is blocked.</p>}>
                <ul class="plain-list" data-testid="blocked-domains">
                  <For each={loaded().items}>
                    {(item) => (
                      <li>
                        <strong>{item.domain}</strong>
                        <span class="muted">
                          {" "}
                          · {item.reason} · by @{item.blockedBy},{" "}
                          {new Date(item.blockedAt).toLocaleDateString()}
                        </span>{" "}
                        <button type="button" disabled={busy()} onClick={() => void unblock(item.domain)}>
                          Unblock
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={loaded().nextCursor}>
                {(next) => (
                  <button type="button" onClick={() => setCursor(next())}>
                    Next page
                  </button>
                )}
              </Show>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
