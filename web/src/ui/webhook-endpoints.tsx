import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { Dynamic } from "solid-js/web";
import { ApiError } from "../api/client";
import { formatDate } from "../data/commerce";
import {
  eventLabels,
  eventsOf,
  families,
  familyLabels,
  type NewWebhookEndpoint,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookOwner,
} from "../data/webhooks";
import { Field } from "./field";
import { FormError } from "./form-error";
import { Notice } from "./notice";

type Level = 2 | 3;
const heading = (level: number) => `h${Math.min(level, 6)}`;

/** Runs an API call: its error message into `setError` (and the whole error to `onError`), else its answer. */
async function attempt<T>(
  setError: (message: string | undefined) => void,
  call: () => Promise<T>,
  onError?: (failure: ApiError) => void,
): Promise<T | undefined> {
  setError(undefined);
  try {
    return await call();
  } catch (failure) {
    if (!(failure instanceof ApiError)) throw failure;
    setError(failure.message);
    onError?.(failure);
    return undefined;
  }
}

/**
 * An owner's outgoing webhook endpoints, for the people who manage them: the list, adding one (its signing
 * secret shown this once), test pings, pausing, deleting, and each endpoint's recent deliveries.
 */
export function WebhookEndpoints(props: { owner: WebhookOwner; level: Level; intro: JSX.Element }) {
  const [endpoints, { refetch }] = createResource(
    () => props.owner,
    (owner) => owner.list(),
  );
  const [fresh, setFresh] = createSignal<NewWebhookEndpoint>();
  return (
    <section aria-labelledby="webhooks-heading" data-testid="webhooks">
      <Dynamic component={heading(props.level)} id="webhooks-heading">
        Webhooks
      </Dynamic>
      <p class="hint">{props.intro}</p>
      <Show when={fresh()}>
        {(created) => <NewSecret endpoint={created()} onDone={() => setFresh(undefined)} />}
      </Show>
      <Show when={!endpoints.loading} fallback={<p aria-busy="true">Loading…</p>}>
        <Show
          when={!endpoints.error}
          fallback={<p role="alert">The webhook endpoints could not be loaded. Reload to try again.</p>}
        >
          <Show
            when={(endpoints() ?? []).length > 0}
            fallback={<p class="empty">No webhook endpoints yet.</p>}
          >
            <ul class="webhook-endpoints">
              <For each={endpoints()}>
                {(endpoint) => (
                  <EndpointItem
                    owner={props.owner}
                    endpoint={endpoint}
                    level={props.level + 1}
                    onChanged={refetch}
                  />
                )}
              </For>
            </ul>
          </Show>
        </Show>
      </Show>
      <AddEndpoint
        owner={props.owner}
        level={props.level + 1}
        onAdded={(created) => {
          setFresh(created);
          refetch();
        }}
      />
    </section>
  );
}

/** The signing secret of an endpoint just added: the only time the API answers it. */
function NewSecret(props: { endpoint: NewWebhookEndpoint; onDone: () => void }) {
  const [copied, setCopied] = createSignal<string>();
  let code: HTMLElement | undefined;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.endpoint.secret);
      setCopied("Copied to the clipboard");
    } catch {
      // No clipboard here (an insecure origin, or permission refused): select it for a manual copy.
      if (code) getSelection()?.selectAllChildren(code);
      setCopied("Select the secret and copy it by hand");
    }
  };
  return (
    <div class="panel highlight" role="status" aria-labelledby="webhook-secret-heading">
      <p id="webhook-secret-heading">
        <strong>Signing secret for {props.endpoint.url}</strong>
      </p>
      <p>
        Copy it now and keep it with your receiver: <strong>you will not see this secret again.</strong> Each
        request carries a <code>Shopguide-Signature</code> made with it.
      </p>
      <code data-testid="webhook-secret" ref={code}>
        {props.endpoint.secret}
      </code>
      <div class="actions">
        <button type="button" onClick={copy}>
          Copy secret
        </button>
        <button type="button" class="secondary" onClick={() => props.onDone()}>
          I have saved it
        </button>
      </div>
      <Notice message={copied()} />
    </div>
  );
}

/** One endpoint: what it receives, its controls and its recent deliveries. */
function EndpointItem(props: {
  owner: WebhookOwner;
  endpoint: WebhookEndpoint;
  level: number;
  onChanged: () => void;
}) {
  const [error, setError] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [confirming, setConfirming] = createSignal(false);
  const [deliveries, { refetch: refetchDeliveries }] = createResource(
    () => props.endpoint.id,
    (id) => props.owner.deliveries(id),
  );
  const url = () => props.endpoint.url;
  const ping = async () => {
    setNotice();
    if (await attempt(setError, () => props.owner.ping(props.endpoint.id))) {
      setNotice("Test ping queued: the next delivery run sends it, usually within a minute.");
      refetchDeliveries();
    }
  };
  const toggle = async () => {
    setNotice();
    const disabled = !props.endpoint.disabled;
    if (await attempt(setError, () => props.owner.update(props.endpoint.id, { disabled }))) props.onChanged();
  };
  const remove = async () => {
    setNotice();
    setConfirming(false);
    const removed = await attempt(setError, async () => {
      await props.owner.remove(props.endpoint.id);
      return true;
    });
    if (removed) props.onChanged();
  };
  return (
    <li class="panel" data-testid="webhook-endpoint">
      <Dynamic component={heading(props.level)} class="webhook-url">
        <code>{url()}</code>
      </Dynamic>
      <dl class="details">
        <dt>Events</dt>
        <dd data-testid="webhook-events">{props.endpoint.events.join(", ")}</dd>
        <Show when={props.endpoint.description}>
          <dt>Description</dt>
          <dd>{props.endpoint.description}</dd>
        </Show>
        <dt>Status</dt>
        <dd>
          <span class="badge" data-testid="webhook-state">
            {props.endpoint.disabled ? "Disabled" : "Enabled"}
          </span>
        </dd>
        <dt>Secret</dt>
        <dd>
          <code>{props.endpoint.secretHint}</code>
        </dd>
        <dt>Created</dt>
        <dd>{formatDate(props.endpoint.createdAt)}</dd>
      </dl>
      <div class="actions wrap">
        <button type="button" class="small" onClick={ping}>
          Send test ping<span class="visually-hidden"> to {url()}</span>
        </button>
        <button type="button" class="small secondary" onClick={toggle}>
          {props.endpoint.disabled ? "Enable" : "Disable"}
          <span class="visually-hidden"> {url()}</span>
        </button>
        <Show when={!confirming()}>
          <button type="button" class="small secondary" onClick={() => setConfirming(true)}>
            Delete<span class="visually-hidden"> {url()}</span>
          </button>
        </Show>
      </div>
      <Show when={confirming()}>
        <fieldset class="panel">
          <legend class="visually-hidden">Confirm deletion of {url()}</legend>
          <p>Delete this endpoint? Deliveries still due to it will not be sent.</p>
          <div class="actions">
            <button type="button" class="small danger" onClick={remove}>
              Yes, delete<span class="visually-hidden"> {url()}</span>
            </button>
            <button type="button" class="small secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </fieldset>
      </Show>
      <FormError message={error()} />
      <Notice message={notice()} />
      <Deliveries
        url={url()}
        deliveries={deliveries()}
        loading={deliveries.loading}
        failed={!!deliveries.error}
        level={props.level + 1}
        onRefresh={refetchDeliveries}
      />
    </li>
  );
}

const statusLabels: Record<WebhookDelivery["status"], string> = {
  pending: "Pending",
  delivered: "Delivered",
  failed: "Failed",
};

/** The last attempt's answer: the receiver's status code, or why it got none. */
function lastResult(delivery: WebhookDelivery): string {
  const last = delivery.log.at(-1);
  if (!last) return "Not sent yet";
  return [last.statusCode === undefined ? "" : `HTTP ${last.statusCode}`, last.error ?? ""]
    .filter(Boolean)
    .join(" · ");
}

function Deliveries(props: {
  url: string;
  deliveries: WebhookDelivery[] | undefined;
  loading: boolean;
  failed: boolean;
  level: number;
  onRefresh: () => void;
}) {
  return (
    <div class="webhook-deliveries">
      <div class="actions">
        <Dynamic component={heading(props.level)}>Recent deliveries</Dynamic>
        <button type="button" class="small secondary" onClick={() => props.onRefresh()}>
          Refresh<span class="visually-hidden"> deliveries to {props.url}</span>
        </button>
      </div>
      <Show when={!props.failed} fallback={<p role="alert">The deliveries could not be loaded.</p>}>
        <Show
          when={(props.deliveries ?? []).length > 0}
          fallback={<p class="hint">{props.loading ? "Loading…" : "Nothing sent yet."}</p>}
        >
          <div class="table-scroll">
            <table aria-label={`Recent deliveries to ${props.url}`} data-testid="webhook-deliveries">
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Event id</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last result</th>
                  <th scope="col">Next attempt</th>
                </tr>
              </thead>
              <tbody>
                <For each={props.deliveries}>
                  {(delivery) => (
                    <tr data-testid="webhook-delivery">
                      <td>{delivery.eventType}</td>
                      <td>
                        <code>{delivery.eventId}</code>
                      </td>
                      <td>
                        <span class="badge" data-testid="delivery-status">
                          {statusLabels[delivery.status]}
                        </span>
                      </td>
                      <td>{delivery.attempts}</td>
                      <td>{lastResult(delivery)}</td>
                      <td>
                        {delivery.status === "pending" && delivery.nextAttemptAt
                          ? formatDate(delivery.nextAttemptAt)
                          : "—"}
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
    </div>
  );
}

/** The form to add an endpoint: its URL, the events it receives (types, families or all), a note. */
function AddEndpoint(props: {
  owner: WebhookOwner;
  level: number;
  onAdded: (created: NewWebhookEndpoint) => void;
}) {
  const [error, setError] = createSignal<string>();
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const events = data.getAll("webhookEvents").map(String) as WebhookEndpoint["events"];
    setFieldErrors({});
    const created = await attempt(
      setError,
      () =>
        props.owner.create({
          url: String(data.get("webhookUrl")),
          events,
          description: String(data.get("webhookDescription") ?? "") || undefined,
        }),
      (failure) => setFieldErrors(failure.fieldErrors()),
    );
    if (created) {
      form.reset();
      props.onAdded(created);
    }
  };
  const option = (value: string, label: string) => (
    <label class="check">
      <input type="checkbox" name="webhookEvents" value={value} />
      <span>
        {label} <code>{value}</code>
      </span>
    </label>
  );
  return (
    <form onSubmit={submit} novalidate aria-labelledby="add-webhook-heading">
      <Dynamic component={heading(props.level)} id="add-webhook-heading">
        Add an endpoint
      </Dynamic>
      <Field
        label="Endpoint URL"
        name="webhookUrl"
        type="url"
        inputMode="url"
        placeholder="https://example.com/shopguide-webhooks"
        required
        error={fieldErrors().url}
        hint="A public HTTPS address that answers 2xx within a few seconds"
      />
      <fieldset class="webhook-events" aria-describedby={fieldErrors().events ? "events-error" : undefined}>
        <legend>Events</legend>
        {option("*", "Every event")}
        <For each={families}>
          {(family) => (
            <div class="event-family">
              {option(family, familyLabels[family])}
              <For each={eventsOf(family)}>{(type) => option(type, eventLabels[type])}</For>
            </div>
          )}
        </For>
        <Show when={fieldErrors().events}>
          <small id="events-error" class="error" role="alert">
            {fieldErrors().events}
          </small>
        </Show>
      </fieldset>
      <Field
        label="Description (optional)"
        name="webhookDescription"
        maxLength={200}
        error={fieldErrors().description}
      />
      <FormError message={error()} />
      <button type="submit">Add endpoint</button>
    </form>
  );
}
