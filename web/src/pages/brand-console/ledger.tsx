import * as Money from "@shopguide/core/util/money";
import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { api, unwrap } from "../../api/client";
import { formatDay, type Ledger, periodLabel, statementStatusLabels } from "../../data/payouts";
import { ShowMore } from "../../ui/show-more";

type LedgerStatement = Ledger["statements"][number];

function ledgerPage(brandId: string, handle: string, cursor?: string) {
  return unwrap(
    api.v1.brands[":brandId"].ledger[":handle"].$get({
      param: { brandId, handle },
      query: cursor ? { cursor } : {},
    }),
  );
}

/**
 * What the brand owes one creator: running totals per currency, then their statements newest first, a page
 * at a time ("Show more"). A statement opens in the statement panel, which loads its lines on demand.
 */
export function LedgerPanel(props: {
  brandId: string;
  handle: string;
  hrefOf: (statementId: string) => string;
}) {
  const [first] = createResource(
    () => ({ brandId: props.brandId, handle: props.handle }),
    ({ brandId, handle }) => ledgerPage(brandId, handle),
  );
  // Pages after the first, kept for the handle they belong to.
  const [more, setMore] = createSignal<{ handle: string; statements: LedgerStatement[]; cursor?: string }>();
  const loaded = () => (more()?.handle === props.handle ? more() : undefined);
  const cursor = () => (loaded() ? loaded()?.cursor : first()?.nextCursor);
  const statements = () => [...(first()?.statements ?? []), ...(loaded()?.statements ?? [])];
  const [loading, setLoading] = createSignal(false);
  async function loadMore() {
    const after = cursor();
    if (!after || loading()) return;
    setLoading(true);
    try {
      const page = await ledgerPage(props.brandId, props.handle, after);
      setMore({
        handle: props.handle,
        statements: [...(loaded()?.statements ?? []), ...page.statements],
        cursor: page.nextCursor,
      });
    } finally {
      setLoading(false);
    }
  }
  const money = (amount: number, currency: string) => Money.display({ amount, currency });
  return (
    <section aria-labelledby="ledger-heading" data-testid="ledger">
      <h3 id="ledger-heading">Ledger with @{props.handle.replace(/^@/, "")}</h3>
      <Show when={!first.loading} fallback={<p aria-busy="true">Loading…</p>}>
        <Show
          when={!first.error && first()}
          fallback={<p role="alert">{first.error?.message ?? "This ledger could not be read."}</p>}
        >
          {(ledger) => (
            <>
              <Show
                when={ledger().currencies.length > 0}
                fallback={<p class="empty">No statements with this creator yet.</p>}
              >
                <div class="table-scroll">
                  <table data-testid="ledger-totals">
                    <thead>
                      <tr>
                        <th scope="col">Currency</th>
                        <th scope="col">Commissions</th>
                        <th scope="col">Reversals</th>
                        <th scope="col">Clawbacks</th>
                        <th scope="col">Payments</th>
                        <th scope="col">Owed</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={ledger().currencies}>
                        {(totals) => (
                          <tr>
                            <td>{totals.currency}</td>
                            <td>{money(totals.commissions, totals.currency)}</td>
                            <td>{money(totals.reversals, totals.currency)}</td>
                            <td>{money(totals.clawbacks, totals.currency)}</td>
                            <td>{money(totals.payments, totals.currency)}</td>
                            <td>{money(totals.balance, totals.currency)}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
                <p class="hint">
                  Totals of {ledger().currencies.reduce((count, totals) => count + totals.statements, 0)}{" "}
                  statements, from the period starting{" "}
                  {formatDay(
                    ledger()
                      .currencies.map((totals) => totals.since)
                      .sort()[0] ?? "",
                  )}
                  .
                </p>
              </Show>
              <Show when={statements().length > 0}>
                <div class="table-scroll">
                  <table data-testid="ledger-statements">
                    <thead>
                      <tr>
                        <th scope="col">Period</th>
                        <th scope="col">Status</th>
                        <th scope="col">Lines</th>
                        <th scope="col">Total</th>
                        <th scope="col">Payable</th>
                        <th scope="col">
                          <span class="visually-hidden">Open</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={statements()}>
                        {(statement) => (
                          <tr>
                            <td>{periodLabel(statement.period)}</td>
                            <td>
                              <span class="badge">{statementStatusLabels[statement.status]}</span>
                            </td>
                            <td>{statement.counts.lines}</td>
                            <td>{money(statement.total, statement.currency)}</td>
                            <td>{money(statement.payable, statement.currency)}</td>
                            <td>
                              <A href={props.hrefOf(statement.id)}>Open {periodLabel(statement.period)}</A>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
              <ShowMore
                list={{ cursor, loadMore, loadingMore: loading, items: statements }}
                noun="statements"
                testId="ledger-more"
              />
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
