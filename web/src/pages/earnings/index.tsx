import * as Money from "@shopguide/core/util/money";
import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { api, unwrap } from "../../api/client";
import { type Earnings, formatDate, statusLabels } from "../../data/commerce";
import { Session } from "../../data/session";
import { StudioNav } from "../../ui/studio-nav";

const buckets = ["pending", "held", "approved", "reversed", "paid"] as const;

/**
 * A creator's commissions: totals by status per currency and per campaign, and each one with its receipt,
 * 50 at a time (newest first; "Load more" appends the next page).
 */
export default function EarningsPage() {
  const [earnings] = createResource(
    () => Session.me()?.id,
    () => unwrap(api.v1.me.earnings.$get({ query: {} })),
  );
  const [extra, setExtra] = createSignal<Earnings["items"]>([]);
  const [cursor, setCursor] = createSignal<string | null | undefined>();
  const [loadingMore, setLoadingMore] = createSignal(false);
  const items = () => [...(earnings()?.items ?? []), ...extra()];
  const nextCursor = () => (cursor() === undefined ? (earnings()?.nextCursor ?? null) : cursor());
  const loadMore = async () => {
    const from = nextCursor();
    if (!from) return;
    setLoadingMore(true);
    try {
      const page = await unwrap(api.v1.me.earnings.$get({ query: { cursor: from } }));
      setExtra((known) => [...known, ...page.items]);
      setCursor(page.nextCursor ?? null);
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <section class="card wide">
      <StudioNav />
      <h1>Earnings</h1>
      <p>
        Each commission and its status. <A href="/payouts">Payouts</A> shows them by statement: upcoming,
        awaiting payment and paid.
      </p>
      <Show when={!earnings.loading} fallback={<p aria-busy="true">Loading…</p>}>
        <Show
          when={!earnings.error}
          fallback={<p role="alert">Sign in as a creator to see your earnings.</p>}
        >
          <Show
            when={(earnings()?.items.length ?? 0) > 0}
            fallback={
              <p class="empty">
                No earnings yet. <A href="/campaigns">Join a campaign</A> and share your links.
              </p>
            }
          >
            <h2>Totals</h2>
            <div class="table-scroll">
              <table data-testid="earnings-totals">
                <thead>
                  <tr>
                    <th scope="col">Currency</th>
                    <For each={buckets}>{(bucket) => <th scope="col">{statusLabels[bucket]}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <For each={earnings()?.totals ?? []}>
                    {(total) => (
                      <tr>
                        <td>{total.currency}</td>
                        <For each={buckets}>
                          {(bucket) => (
                            <td data-testid={`total-${bucket}`}>
                              {Money.display({ amount: total[bucket], currency: total.currency })}
                            </td>
                          )}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <h2>By campaign</h2>
            <div class="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Campaign</th>
                    <For each={buckets}>{(bucket) => <th scope="col">{statusLabels[bucket]}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <For each={earnings()?.byCampaign ?? []}>
                    {(row) => (
                      <tr>
                        <td>{row.campaignName}</td>
                        <For each={buckets}>
                          {(bucket) => (
                            <td>{Money.display({ amount: row[bucket], currency: row.currency })}</td>
                          )}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <h2>Commissions</h2>
            <ul class="list">
              <For each={items()}>
                {(item) => (
                  <li data-testid="earning">
                    {formatDate(item.occurredAt)} · {item.campaignName} ·{" "}
                    {Money.display(item.commission.amount)} on an order of {Money.display(item.orderAmount)} ·{" "}
                    <span class="badge">{statusLabels[item.commission.status]}</span>{" "}
                    <A href={`/receipts/${item.conversionId}`}>Receipt</A>
                  </li>
                )}
              </For>
            </ul>
            <Show when={nextCursor()}>
              <p class="load-more">
                <button type="button" onClick={loadMore} disabled={loadingMore()}>
                  {loadingMore() ? "Loading…" : "Load more"}
                </button>
              </p>
            </Show>
          </Show>
        </Show>
      </Show>
    </section>
  );
}
