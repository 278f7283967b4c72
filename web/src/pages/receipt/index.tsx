import * as Money from "@shopguide/core/util/money";
import { A, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import { formatDate, statusLabels } from "../../data/commerce";
import { Session } from "../../data/session";
import { FormError } from "../../ui/form-error";

/** A conversion's receipt: why it was or was not credited, the arithmetic, and the commission's history. */
export default function ReceiptPage() {
  const params = useParams<{ id: string }>();
  const [receipt, { refetch }] = createResource(
    () => params.id,
    (id) => unwrap(api.v1.conversions[":id"].$get({ param: { id } })),
  );
  const [error, setError] = createSignal<string>();
  const reject = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    setError();
    try {
      await unwrap(
        api.v1.conversions[":id"].reject.$post({
          param: { id: params.id },
          json: { reason: String(data.get("reason")) },
        }),
      );
      refetch();
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      setError(failure.message);
    }
  };
  const release = async () => {
    setError();
    try {
      await unwrap(api.v1.conversions[":id"].release.$post({ param: { id: params.id } }));
      refetch();
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      setError(failure.message);
    }
  };
  return (
    <section class="card">
      <Switch>
        <Match when={receipt.loading}>
          <p aria-busy="true">Loading…</p>
        </Match>
        <Match when={receipt.error}>
          <p role="alert">This receipt was not found, or it is not yours to see.</p>
        </Match>
        <Match when={receipt()}>
          {(current) => (
            <>
              <h1>Receipt for order {current().orderId}</h1>
              <dl class="details">
                <dt>Status</dt>
                <dd data-testid="receipt-status">{statusLabels[current().status] ?? current().status}</dd>
                <dt>Order</dt>
                <dd>
                  {Money.display(current().amount)} on {formatDate(current().occurredAt)} via{" "}
                  {current().source}
                  <Show when={current().refundedAmount > 0}>
                    {" "}
                    (
                    {Money.display({ amount: current().refundedAmount, currency: current().amount.currency })}{" "}
                    refunded)
                  </Show>
                </dd>
                <dt>Credited to</dt>
                <dd>{current().creatorHandle ? `@${current().creatorHandle}` : "Nobody"}</dd>
                <Show when={current().campaignName}>
                  <dt>Campaign</dt>
                  <dd>{current().campaignName}</dd>
                </Show>
                <Show when={current().commission}>
                  {(commission) => (
                    <>
                      <dt>Commission</dt>
                      <dd data-testid="receipt-commission">
                        {Money.display(commission().amount)} · {statusLabels[commission().status]} · hold
                        until {formatDate(commission().holdUntil)}
                      </dd>
                    </>
                  )}
                </Show>
              </dl>
              <h2>Why</h2>
              <p data-testid="receipt-explanation">{current().receipt.explanation}</p>
              <ul class="list">
                <For each={current().receipt.checks}>
                  {(check) => (
                    <li>
                      <span class="badge">{check.outcome}</span> {check.step}: {check.detail}
                    </li>
                  )}
                </For>
              </ul>
              <Show when={current().receipt.click}>
                {(click) => (
                  <p>
                    Click {click().id} on {formatDate(click().at)} ({click().device}
                    {click().referrerHost ? `, from ${click().referrerHost}` : ""}
                    {click().country ? `, ${click().country}` : ""})
                  </p>
                )}
              </Show>
              <Show when={current().receipt.arithmetic.length > 0}>
                <h2>Arithmetic</h2>
                <ol class="list">
                  <For each={current().receipt.arithmetic}>{(line) => <li>{line}</li>}</For>
                </ol>
                <p class="hint">Rounding: {current().receipt.rounding}</p>
              </Show>
              <Show when={current().events.length > 0}>
                <h2>History</h2>
                <ol class="list" data-testid="receipt-history">
                  <For each={current().events}>
                    {(event) => (
                      <li>
                        {formatDate(event.at)}: {event.kind},{" "}
                        {Money.display({ amount: event.amount, currency: event.currency })}
                        {event.reason ? ` (${event.reason})` : ""}
                      </li>
                    )}
                  </For>
                </ol>
              </Show>
              <Show when={current().rejectedReason}>
                <p>Rejected: {current().rejectedReason}</p>
              </Show>
              <Show when={Session.me()?.role === "brand" && current().commission?.status === "held"}>
                <button type="button" onClick={release}>
                  Clear review and release
                </button>
              </Show>
              <Show
                when={
                  Session.me()?.role === "brand" &&
                  (current().commission?.status === "pending" || current().commission?.status === "held")
                }
              >
                <form onSubmit={reject}>
                  <div class="field">
                    <label for="reason">Reason for rejecting</label>
                    <textarea id="reason" name="reason" required minLength={3} maxLength={500} />
                  </div>
                  <FormError message={error()} />
                  <button type="submit" class="danger">
                    Reject commission
                  </button>
                </form>
              </Show>
              <p>
                <A href={Session.me()?.role === "creator" ? "/earnings" : `/brand/${current().brandId}`}>
                  Back
                </A>
              </p>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
