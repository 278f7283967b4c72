import * as Money from "@shopguide/core/util/money";
import { A } from "@solidjs/router";
import { createResource, For, type JSX, Show } from "solid-js";
import { api, unwrap } from "../../api/client";
import { createPagedList } from "../../data/paged";
import { formatDay, periodLabel, type Statement, statementStatusLabels } from "../../data/payouts";
import { Session } from "../../data/session";
import { myWebhooks } from "../../data/webhooks";
import { ShowMore } from "../../ui/show-more";
import { StatementDetails } from "../../ui/statement-details";
import { StudioNav } from "../../ui/studio-nav";
import { WebhookEndpoints } from "../../ui/webhook-endpoints";

/** A statement, folded to one line (who pays, the period, the amount) and unfolded to its lines. */
function StatementItem(props: { statement: Statement; summary: JSX.Element }) {
  return (
    <li class="panel">
      <details data-testid="payout-statement">
        <summary>
          <strong>{props.statement.brand?.name ?? "A brand"}</strong> · {periodLabel(props.statement.period)}{" "}
          · {props.summary}
        </summary>
        <StatementDetails statement={props.statement} />
      </details>
    </li>
  );
}

function Section(props: {
  id: string;
  title: string;
  hint: string;
  statements: Statement[];
  empty: string;
  summary: (statement: Statement) => JSX.Element;
}) {
  return (
    <section aria-labelledby={`${props.id}-heading`} data-testid={`payouts-${props.id}`}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      <p class="hint">{props.hint}</p>
      <Show when={props.statements.length > 0} fallback={<p class="empty">{props.empty}</p>}>
        <ul class="statements">
          <For each={props.statements}>
            {(statement) => <StatementItem statement={statement} summary={props.summary(statement)} />}
          </For>
        </ul>
      </Show>
    </section>
  );
}

/**
 * A creator's payouts, by statement: what the running period will pay, what brands owe, what they paid
 * (with the transfer's reference) and what carried forward. Commissions one by one are on /earnings.
 * Below, the creator's own webhook endpoints, for payout and commission notifications in their tools.
 */
export default function PayoutsPage() {
  const [upcoming] = createResource(
    () => Session.me()?.id,
    () => unwrap(api.v1.me.statements.$get({ query: { status: "open" } })),
  );
  // Stored statements newest period first, a page at a time: the sections below sort what is loaded.
  const stored = createPagedList(
    () => Session.me()?.id,
    (_, cursor) => unwrap(api.v1.me.statements.$get({ query: { cursor } })),
  );
  const money = (statement: Statement, amount: number) =>
    Money.display({ amount, currency: statement.currency });
  // A section with nothing loaded may still have some on a page not read yet.
  const emptyText = (text: string) => (stored.cursor() ? "None in the statements shown so far." : text);
  const withStatus = (...statuses: Statement["status"][]) =>
    stored.items().filter((statement) => statuses.includes(statement.status));
  return (
    <section class="card wide">
      <StudioNav />
      <h1>Payouts</h1>
      <p>
        Brands pay approved commissions by statement, one per brand and period.{" "}
        <A href="/earnings">See each commission on Earnings</A>.
      </p>
      <Show when={!upcoming.loading && !stored.first.loading} fallback={<p aria-busy="true">Loading…</p>}>
        <Show
          when={!upcoming.error && !stored.first.error}
          fallback={<p role="alert">Sign in as a creator to see your payouts.</p>}
        >
          <Section
            id="upcoming"
            title="Upcoming"
            hint="Approved so far in the running period; each statement closes at the period's end."
            statements={upcoming()?.items ?? []}
            empty="Nothing approved for the running period yet."
            summary={(statement) => (
              <>
                {money(statement, statement.payable)} expected
                {statement.payable === 0 ? " (under the brand's minimum: carries forward)" : ""}, closes{" "}
                {formatDay(statement.period.end)}
              </>
            )}
          />
          <Section
            id="awaiting"
            title="Awaiting payment"
            hint="Closed statements the brand is reviewing or has approved."
            statements={withStatus("closed", "approved")}
            empty={emptyText("No statements awaiting payment.")}
            summary={(statement) => (
              <>
                {money(statement, statement.payable)} · {statementStatusLabels[statement.status]}
              </>
            )}
          />
          <Section
            id="paid"
            title="Paid"
            hint="Statements the brand has paid, with its payment reference."
            statements={withStatus("paid")}
            empty={emptyText("No payments yet.")}
            summary={(statement) => (
              <span data-testid="paid-summary">
                {money(statement, statement.payable)} paid {formatDay(statement.paid?.paidAt ?? "")} ·
                reference {statement.paid?.reference}
              </span>
            )}
          />
          <Section
            id="carried"
            title="Carried forward"
            hint="Totals under the brand's minimum payout (or negative after refunds) move to the next statement."
            statements={withStatus("carried")}
            empty={emptyText("Nothing carried forward.")}
            summary={(statement) => <>{money(statement, statement.carriedOut)} carried forward</>}
          />
          <ShowMore list={stored} noun="statements" />
        </Show>
      </Show>
      <Show when={Session.me()?.role === "creator"}>
        <WebhookEndpoints
          owner={myWebhooks}
          level={2}
          intro={
            <>
              Get your commissions and payouts pushed to your own tools (a spreadsheet script, Zapier-style
              automations, your bookkeeping): Shopguide posts a signed event when a commission is recorded,
              approved or reversed and when a statement closes or is paid.
            </>
          }
        />
      </Show>
    </section>
  );
}
