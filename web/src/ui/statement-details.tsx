import * as Money from "@shopguide/core/util/money";
import { A } from "@solidjs/router";
import { createSignal, For, type JSX, Show } from "solid-js";
import { api, unwrap } from "../api/client";
import { formatDate } from "../data/commerce";
import { eventLabels, formatDay, periodLabel, type Statement, statementStatusLabels } from "../data/payouts";
import { ShowMore } from "./show-more";

type Line = Statement["lines"][number];
type Entry = Awaited<ReturnType<typeof nextLines>>["items"][number];

/** The next page of a statement's entries, after `cursor` (the statement's `linesCursor`, then each page's). */
function nextLines(statementId: string, cursor: string) {
  return unwrap(api.v1.statements[":id"].lines.$get({ param: { id: statementId }, query: { cursor } }));
}

/**
 * One statement as the brand and the creator both read it: the figures, each line with its receipt, the
 * adjustments and disputed lines, and who did what when. `lineAction` adds a control per line (the
 * brand's dispute).
 */
export function StatementDetails(props: { statement: Statement; lineAction?: (line: Line) => JSX.Element }) {
  const money = (amount: number) => Money.display({ amount, currency: props.statement.currency });
  // The statement comes with its first page of entries; long ones load the rest a page at a time.
  const [more, setMore] = createSignal<{ statementId: string; entries: Entry[]; cursor?: string }>();
  const loaded = () => (more()?.statementId === props.statement.id ? more() : undefined);
  const cursor = () => (loaded() ? loaded()?.cursor : props.statement.linesCursor);
  const [loading, setLoading] = createSignal(false);
  async function loadMore() {
    const after = cursor();
    if (!after || loading()) return;
    setLoading(true);
    try {
      const page = await nextLines(props.statement.id, after);
      setMore({
        statementId: props.statement.id,
        entries: [...(loaded()?.entries ?? []), ...page.items],
        cursor: page.nextCursor,
      });
    } finally {
      setLoading(false);
    }
  }
  const extra = () => loaded()?.entries ?? [];
  const statement = () => ({
    ...props.statement,
    lines: [...props.statement.lines, ...extra().filter((entry) => entry.kind === "line" && !entry.disputed)],
    adjustments: [
      ...props.statement.adjustments,
      ...extra().flatMap((entry) =>
        entry.kind !== "line" && !entry.disputed
          ? [{ ...entry, kind: entry.kind, reason: entry.reason ?? "" }]
          : [],
      ),
    ],
    disputed: [
      ...props.statement.disputed,
      ...extra().flatMap((entry) => (entry.disputed ? [{ ...entry, reason: entry.disputed.reason }] : [])),
    ],
  });
  return (
    <div class="statement" data-testid={`statement-${statement().id}`}>
      <dl class="details">
        <dt>Status</dt>
        <dd data-testid="statement-status">{statementStatusLabels[statement().status]}</dd>
        <dt>Period</dt>
        <dd>
          {periodLabel(statement().period)}
          <Show when={statement().status === "open"}> · closes {formatDate(statement().period.end)}</Show>
        </dd>
        <dt>Carried in</dt>
        <dd>{money(statement().carriedIn)}</dd>
        <dt>Total</dt>
        <dd data-testid="statement-total">{money(statement().total)}</dd>
        <dt>{statement().status === "open" ? "Payable if it closed now" : "Payable"}</dt>
        <dd data-testid="statement-payable">{money(statement().payable)}</dd>
        <Show when={statement().carriedOut !== 0}>
          <dt>Carried forward</dt>
          <dd>{money(statement().carriedOut)}</dd>
        </Show>
        <Show when={statement().paid}>
          {(paid) => (
            <>
              <dt>Paid</dt>
              <dd data-testid="statement-paid">
                {formatDay(paid().paidAt)} · reference <strong>{paid().reference}</strong>
              </dd>
            </>
          )}
        </Show>
      </dl>
      <h3>Lines</h3>
      <Show when={statement().lines.length > 0} fallback={<p class="empty">No commission lines.</p>}>
        <div class="table-scroll">
          <table data-testid="statement-lines">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Commission</th>
                <th scope="col">
                  <span class="visually-hidden">Receipt</span>
                </th>
                <Show when={props.lineAction}>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </Show>
              </tr>
            </thead>
            <tbody>
              <For each={statement().lines}>
                {(line) => (
                  <tr>
                    <td>{line.orderId}</td>
                    <td>{money(line.amount)}</td>
                    <td>
                      <A href={`/receipts/${line.conversionId}`}>Receipt for {line.orderId}</A>
                    </td>
                    <Show when={props.lineAction}>{(action) => <td>{action()(line)}</td>}</Show>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <ShowMore
        list={{ cursor, loadMore, loadingMore: loading, items: () => statement().lines }}
        noun="lines"
        shown={`${statement().lines.length} of ${props.statement.counts.lines}`}
        testId="statement-more-lines"
      />
      <Show when={statement().adjustments.length > 0}>
        <h3>Adjustments</h3>
        <ul class="list">
          <For each={statement().adjustments}>
            {(entry) => (
              <li>
                {entry.kind === "clawback" ? "Clawback" : "Reversal"} · {money(entry.amount)} · {entry.reason}{" "}
                <A href={`/receipts/${entry.conversionId}`}>Receipt for {entry.orderId}</A>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={statement().disputed.length > 0}>
        <h3>Disputed lines</h3>
        <ul class="list">
          <For each={statement().disputed}>
            {(line) => (
              <li>
                {line.orderId} · {money(line.amount)} · {line.reason}{" "}
                <A href={`/receipts/${line.conversionId}`}>Receipt for {line.orderId}</A>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={statement().events.length > 0}>
        <h3>History</h3>
        <ol class="list" data-testid="statement-history">
          <For each={statement().events}>
            {(event) => (
              <li>
                {eventLabels[event.kind]} by {event.by === "system" ? "shopguide" : `@${event.by}`} ·{" "}
                {formatDate(event.at)}
                <Show when={event.detail}> · {event.detail}</Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </div>
  );
}
