import type { CaughtMail } from "@shopguide/core/mail";
import { useSearchParams } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";

/**
 * The local mail catcher's inbox (`npm start` only: GET /api/dev/mail is not mounted in a deployed stack,
 * and it answers platform admins only). Search by recipient; each mail shows its text and its headers.
 */
async function load(to: string | undefined): Promise<CaughtMail[]> {
  if (!to) return [];
  const response = await fetch(`/api/dev/mail?to=${encodeURIComponent(to)}`, { credentials: "same-origin" });
  const body = (await response.json()) as { items?: CaughtMail[]; error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `Request failed (${response.status})`);
  return body.items ?? [];
}

export default function DevMailPage() {
  const [search, setSearch] = useSearchParams<{ to?: string }>();
  const [mails] = createResource(() => search.to ?? "", load);

  return (
    <section class="card">
      <h1>Dev mail</h1>
      <p>Mail the local SMTP catcher received (local installs only; admins only).</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSearch({ to: String(new FormData(event.currentTarget).get("to")) });
        }}
      >
        <Field label="Recipient" name="to" type="email" value={search.to ?? ""} required />
        <button type="submit">Show</button>
      </form>
      <FormError message={mails.error instanceof Error ? mails.error.message : undefined} />
      <Show when={!mails.error && mails()?.length === 0 && search.to}>
        <p>No mail for {search.to}.</p>
      </Show>
      <ul class="list plain" data-testid="dev-mail">
        <For each={mails.error ? [] : mails()}>
          {(mail) => (
            <li class="card">
              <h2>{mail.subject}</h2>
              <p class="hint">
                to {mail.to}, {new Date(mail.at).toLocaleString()}
              </p>
              <pre class="mail-text">{mail.text}</pre>
              <Show when={Object.keys(mail.headers).length > 0}>
                <pre class="mail-text">
                  {Object.entries(mail.headers)
                    .map(([name, value]) => `${name}: ${value}`)
                    .join("\n")}
                </pre>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
