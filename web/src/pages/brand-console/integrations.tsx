import * as Money from "@shopguide/core/util/money";
import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import { type Brand, formatDate } from "../../data/commerce";
import { Session } from "../../data/session";
import { brandWebhooks } from "../../data/webhooks";
import { FormError } from "../../ui/form-error";
import { WebhookEndpoints } from "../../ui/webhook-endpoints";

const doors = [
  {
    kind: "api",
    title: "Shopguide conversion API",
    path: (id: string) => `/api/v1/brands/${id}/conversions`,
  },
  { kind: "shopify", title: "Shopify webhooks", path: (id: string) => `/api/v1/integrations/shopify/${id}` },
  {
    kind: "stripe",
    title: "Stripe webhook endpoint",
    path: (id: string) => `/api/v1/integrations/stripe/${id}`,
  },
] as const;

type Kind = (typeof doors)[number]["kind"];

/**
 * The three doors in: where each posts, its secrets (rotate by adding one, then revoking the old), a test.
 * Then the way out: the brand's webhook endpoints, which only its owners and admins see and manage.
 */
export function IntegrationsTab(props: { brand: Brand }) {
  const [secrets, { refetch }] = createResource(
    () => props.brand.id,
    (brandId) => unwrap(api.v1.brands[":brandId"].secrets.$get({ param: { brandId } })),
  );
  const [fresh, setFresh] = createSignal<{ kind: string; secret: string }>();
  const [error, setError] = createSignal<string>();
  const [test, setTest] = createSignal<string>();
  const [myBrands] = createResource(() => unwrap(api.v1.brands.$get()));
  const role = () => myBrands()?.items.find((item) => item.id === props.brand.id)?.role;
  const canManage = () => role() === "owner" || role() === "admin" || Session.me()?.role === "admin";

  const createSecret = async (kind: Kind, pasted?: string) => {
    setError();
    try {
      const created = await unwrap(
        api.v1.brands[":brandId"].secrets.$post({
          param: { brandId: props.brand.id },
          json: { kind, secret: pasted || undefined },
        }),
      );
      setFresh({ kind, secret: created.secret });
      refetch();
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      setError(failure.message);
    }
  };
  const revoke = async (secretId: string) => {
    setError();
    try {
      await unwrap(
        api.v1.brands[":brandId"].secrets[":secretId"].revoke.$post({
          param: { brandId: props.brand.id, secretId },
        }),
      );
      refetch();
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      setError(failure.message);
    }
  };
  const sendTest = async () => {
    setError();
    try {
      const answer = await unwrap(
        api.v1.brands[":brandId"].conversions.test.$post({ param: { brandId: props.brand.id }, json: {} }),
      );
      setTest(
        `Test order recorded as ${answer.id} (${answer.attributed ? "attributed" : "not attributed"}${
          answer.commission ? `, commission ${Money.display(answer.commission.amount)}` : ""
        }).`,
      );
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      setError(failure.message);
    }
  };

  return (
    <div>
      <h2>Integrations</h2>
      <p>
        Connect your store through one of three doors. Every request is signed with a secret from this page;
        see <A href="/api/docs">the API docs</A> and docs/integrations.md for signing examples.
      </p>
      <Show when={fresh()}>
        {(created) => (
          <div class="panel highlight" role="status">
            <p>Your new {created().kind} secret. Copy it now: it is never shown again.</p>
            <code data-testid="new-secret">{created().secret}</code>
          </div>
        )}
      </Show>
      <FormError message={error()} />
      <For each={doors}>
        {(door) => {
          let pasted: HTMLInputElement | undefined;
          return (
            <section class="panel" aria-labelledby={`door-${door.kind}`}>
              <h3 id={`door-${door.kind}`}>{door.title}</h3>
              <p>
                Endpoint:{" "}
                <code
                  data-testid={`endpoint-${door.kind}`}
                >{`${location.origin}${door.path(props.brand.id)}`}</code>
              </p>
              <ul class="list">
                <For
                  each={(secrets()?.items ?? []).filter((secret) => secret.kind === door.kind)}
                  fallback={<li class="empty">No secrets yet.</li>}
                >
                  {(secret) => (
                    <li>
                      <code>{secret.hint}</code> created {formatDate(secret.createdAt)}{" "}
                      <Show when={!secret.revokedAt} fallback={<span class="badge">revoked</span>}>
                        <button type="button" class="small secondary" onClick={() => revoke(secret.id)}>
                          Revoke {secret.hint}
                        </button>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <Show
                when={door.kind === "api"}
                fallback={
                  <div class="field">
                    <label for={`paste-${door.kind}`}>
                      {door.kind === "shopify"
                        ? "Shopify app's API secret"
                        : "Stripe endpoint signing secret (whsec_…)"}
                    </label>
                    <input id={`paste-${door.kind}`} ref={pasted} autocomplete="off" />
                    <button type="button" onClick={() => createSecret(door.kind, pasted?.value)}>
                      Save {door.kind} secret
                    </button>
                  </div>
                }
              >
                <button type="button" onClick={() => createSecret("api")}>
                  New API secret
                </button>{" "}
                <button type="button" class="secondary" onClick={sendTest}>
                  Send a test conversion
                </button>
                <Show when={test()}>
                  <p role="status">{test()}</p>
                </Show>
              </Show>
            </section>
          );
        }}
      </For>
      <Show when={!myBrands.loading}>
        <Show
          when={canManage()}
          fallback={
            <section aria-labelledby="webhooks-heading" data-testid="webhooks">
              <h3 id="webhooks-heading">Webhooks</h3>
              <p class="hint">
                The brand's owners and admins manage the webhook endpoints that receive its commission and
                statement events.
              </p>
            </section>
          }
        >
          <WebhookEndpoints
            owner={brandWebhooks(props.brand.id)}
            level={3}
            intro={
              <>
                Shopguide posts signed events to your endpoints when a commission is recorded, approved,
                adjusted or reversed and when a payout statement changes. See docs/integrations.md (Webhooks
                out) for the payload and how to verify <code>Shopguide-Signature</code>.
              </>
            }
          />
        </Show>
      </Show>
    </div>
  );
}
