import { createSignal, For, Show } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import type { Brand } from "../../data/commerce";
import { createPagedList } from "../../data/paged";
import { Notice } from "../../ui/notice";
import { ShowMore } from "../../ui/show-more";

type DomainView = Awaited<ReturnType<typeof loadDomains>>["items"][number];

const loadDomains = (brandId: string, cursor?: string) =>
  unwrap(api.v1.brands[":brandId"].domains.$get({ param: { brandId }, query: { cursor } }));

const STATE_LABEL: Record<DomainView["state"], string> = {
  unverified: "Not verified",
  pending: "Pending",
  verified: "Verified",
  lost: "Lost to another brand",
};

/**
 * Each store domain's verification state and exactly what to publish to prove it (a DNS TXT record or a
 * well-known file), with "Check now"; locally (the API says when) a one-click dev verification as well.
 * Domains are added and removed under Settings.
 */
export function DomainsTab(props: { brand: Brand }) {
  const [message, setMessage] = createSignal<string>();
  const [busy, setBusy] = createSignal<string>();
  const domains = createPagedList(() => props.brand.id, loadDomains);

  const run = async (domain: string, action: () => Promise<DomainView>) => {
    setBusy(domain);
    try {
      const answer = await action();
      setMessage(
        answer.state === "verified"
          ? `${answer.displayHost} is verified`
          : `${answer.displayHost}: ${answer.error}`,
      );
      domains.reload();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setMessage(error.message);
    } finally {
      setBusy(undefined);
    }
  };
  const check = (domain: string) =>
    run(domain, () =>
      unwrap(
        api.v1.brands[":brandId"].domains[":domain"].verify.$post({
          param: { brandId: props.brand.id, domain },
        }),
      ),
    );
  const devVerify = (domain: string) =>
    run(domain, async () => {
      // Mounted only by the local runner (SHOPGUIDE_DEV_CLOCK=1), so not in the typed client.
      const response = await fetch("/api/dev/domains/verify", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ brandId: props.brand.id, domain }),
      });
      return (await unwrap(Promise.resolve(response))) as DomainView;
    });
  const copy = async (what: string, text: string) => {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    setMessage(`Copied the ${what}`);
  };

  return (
    <div class="domains">
      <h2>Store domains</h2>
      <p class="hint">
        Referral links earn for your campaigns when they lead to your domains. Verify each one so no other
        brand can claim it: add the DNS TXT record or upload the file below, then check.
      </p>
      <Show when={domains.first()} fallback={<p aria-busy="true">Loading domains…</p>}>
        {(page) => (
          <ul class="domain-list" data-testid="domains">
            <For each={domains.items()}>
              {(domain) => (
                <li class="card domain" data-domain={domain.domain}>
                  <h3>
                    <span class="host">{domain.displayHost}</span>{" "}
                    <span class={`badge state-${domain.state}`} data-testid="domain-state">
                      {STATE_LABEL[domain.state]}
                    </span>
                  </h3>
                  <Show when={domain.error && domain.state !== "verified"}>
                    <p class="hint" role="note">
                      {domain.error}
                    </p>
                  </Show>
                  <Show when={domain.state !== "lost" && domain.state !== "verified"}>
                    <dl class="proof">
                      <dt>DNS TXT record name</dt>
                      <dd>
                        <code>{domain.txt.name}</code>{" "}
                        <button
                          type="button"
                          class="small"
                          onClick={() => copy("record name", domain.txt.name)}
                        >
                          Copy
                        </button>
                      </dd>
                      <dt>TXT record value</dt>
                      <dd>
                        <code>{domain.txt.value}</code>{" "}
                        <button
                          type="button"
                          class="small"
                          onClick={() => copy("record value", domain.txt.value)}
                        >
                          Copy
                        </button>
                      </dd>
                      <dt>Or this file</dt>
                      <dd>
                        <code>{domain.wellKnown.url}</code>{" "}
                        <button
                          type="button"
                          class="small"
                          onClick={() => copy("file address", domain.wellKnown.url)}
                        >
                          Copy
                        </button>
                      </dd>
                      <dt>containing</dt>
                      <dd>
                        <code>{domain.wellKnown.content}</code>{" "}
                        <button
                          type="button"
                          class="small"
                          onClick={() => copy("file content", domain.wellKnown.content)}
                        >
                          Copy
                        </button>
                      </dd>
                    </dl>
                  </Show>
                  <Show when={domain.lastCheckedAt}>
                    {(at) => <p class="hint">Last checked {new Date(at()).toLocaleString()}</p>}
                  </Show>
                  <Show when={domain.state !== "lost"}>
                    <p class="actions">
                      <button
                        type="button"
                        disabled={busy() === domain.domain}
                        onClick={() => check(domain.domain)}
                      >
                        Check now
                      </button>
                      <Show when={page().devVerify && domain.state !== "verified"}>
                        <button
                          type="button"
                          disabled={busy() === domain.domain}
                          onClick={() => devVerify(domain.domain)}
                        >
                          Verify (dev)
                        </button>
                      </Show>
                    </p>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      <ShowMore list={domains} noun="domains" />
      <Notice message={message()} />
    </div>
  );
}
