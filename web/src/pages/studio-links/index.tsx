import { A } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { ApiError } from "../../api/client";
import { botShare, type CreatedLink, Links } from "../../data/links";
import { createPagedList } from "../../data/paged";
import { Session } from "../../data/session";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";
import { QrCode } from "../../ui/qr-code";
import { ShowMore } from "../../ui/show-more";
import { StudioNav } from "../../ui/studio-nav";

/** Creator studio: turn a product URL into a short referral link, and manage the links made so far. */
export default function StudioLinksPage() {
  const isCreator = () => ["creator", "admin"].includes(Session.me()?.role ?? "");
  const links = createPagedList(isCreator, (_creator, cursor) => Links.page(cursor));
  const [made, setMade] = createSignal<CreatedLink & { existed: boolean }>();
  const [fieldError, setFieldError] = createSignal<string>();
  const [formError, setFormError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [copied, setCopied] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const url = String(new FormData(form).get("url") ?? "").trim();
    setBusy(true);
    setFieldError();
    setFormError();
    setCopied(false);
    try {
      setMade(await Links.create(url));
      form.reset();
      await links.refresh();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setFieldError(error.fieldErrors().url);
      setFormError(error.fieldErrors().url ? undefined : error.message);
    } finally {
      setBusy(false);
    }
  };

  const copy = async (text: string) => {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    setCopied(true);
  };

  const toggle = async (code: string, disabled: boolean) => {
    await Links.setDisabled(code, disabled);
    await links.refresh();
  };

  return (
    <section class="stack">
      <StudioNav />
      <h1>Your links</h1>
      <Switch>
        <Match when={Session.me.loading}>
          <p aria-busy="true">Loading…</p>
        </Match>
        <Match when={!Session.me()}>
          <p>
            <A href="/login">Log in</A> with a creator account to make referral links.
          </p>
        </Match>
        <Match when={!isCreator()}>
          <p>Referral links are for creator accounts.</p>
        </Match>
        <Match when={isCreator()}>
          <form class="card" onSubmit={submit} novalidate>
            <Field
              label="Product URL"
              name="url"
              type="url"
              inputmode="url"
              placeholder="https://shop.example/product"
              required
              hint="Paste any product page; we give you a short link that counts clicks."
              error={fieldError()}
            />
            <FormError message={formError()} />
            <button type="submit" disabled={busy()}>
              {busy() ? "Making link…" : "Make short link"}
            </button>
          </form>

          <Show when={made()}>
            {(link) => (
              <section class="card made" aria-live="polite">
                <h2>{link().existed ? "You already had this link" : "Your short link"}</h2>
                <div class="made-row">
                  <QrCode value={link().shortUrl} label={`QR code for ${link().shortUrl}`} />
                  <div class="stack">
                    <output data-testid="short-url" class="short-url">
                      {link().shortUrl}
                    </output>
                    <p class="hint" title={link().url}>
                      Goes to {shownDestination(link())}
                    </p>
                    <p class="actions">
                      <button type="button" onClick={() => copy(link().shortUrl)}>
                        Copy link
                      </button>
                      <span role="status">{copied() ? "Copied" : ""}</span>
                    </p>
                  </div>
                </div>
              </section>
            )}
          </Show>

          <Show when={links.first()} fallback={<p aria-busy="true">Loading your links…</p>}>
            {(_first) => (
              <Show when={links.items().length > 0} fallback={<div class="empty">No links yet.</div>}>
                <div class="table-wrap">
                  <table class="links" data-testid="links-table">
                    <caption class="visually-hidden">Your referral links</caption>
                    <thead>
                      <tr>
                        <th scope="col">Link</th>
                        <th scope="col">Destination</th>
                        <th scope="col" class="number">
                          Human clicks
                        </th>
                        <th scope="col" class="number">
                          Bot share
                        </th>
                        <th scope="col">Status</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={links.items()}>
                        {(link) => (
                          <tr data-code={link.code}>
                            <td>
                              <A href={`/studio/analytics?link=${link.code}`}>/r/{link.code}</A>
                            </td>
                            <td class="destination" title={link.url}>
                              {shownDestination(link)}
                            </td>
                            <td class="number" data-testid="human-clicks">
                              {link.clicks.humanClicks}
                            </td>
                            <td class="number">{botShare(link.clicks)}</td>
                            <td>
                              <button
                                type="button"
                                class="secondary"
                                aria-label={`${link.disabled ? "Enable" : "Disable"} /r/${link.code}`}
                                onClick={() => toggle(link.code, !link.disabled)}
                              >
                                {link.disabled ? "Enable" : "Disable"}
                              </button>
                              <Show when={link.disabled}>
                                <small class="hint"> off</small>
                              </Show>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
                <ShowMore list={links} noun="links" testId="links-more" />
              </Show>
            )}
          </Show>
        </Match>
      </Switch>
    </section>
  );
}

/**
 * A destination as people should read it: the API's `displayHost` (punycode when the host could pass for
 * another, such as `аррӏе.com`), its port if any, then the path and query.
 */
function shownDestination(link: { url: string; displayHost: string }): string {
  const url = new URL(link.url);
  const rest = `${url.pathname === "/" ? "" : url.pathname}${url.search}`;
  return `${link.displayHost}${url.port ? `:${url.port}` : ""}${rest}`;
}
