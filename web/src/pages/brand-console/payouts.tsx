import * as Money from "@shopguide/core/util/money";
import { A, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import type { Brand } from "../../data/commerce";
import { createPagedList } from "../../data/paged";
import {
  type PayoutSettings,
  periodLabel,
  periodStartOf,
  type Statement,
  statementStatusLabels,
} from "../../data/payouts";
import { Session } from "../../data/session";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";
import { Notice } from "../../ui/notice";
import { ShowMore } from "../../ui/show-more";
import { StatementDetails } from "../../ui/statement-details";
import { LedgerPanel } from "./ledger";

type Search = { tab?: string; status?: string; period?: string; statement?: string; ledger?: string };
const storedStatuses = ["closed", "carried", "approved", "paid"] as const;
type StoredStatus = (typeof storedStatuses)[number];

/** Runs an API call for a form: its error message into `setError`, its success into `done`. */
async function attempt<T>(setError: (message: string | undefined) => void, call: () => Promise<T>) {
  setError(undefined);
  try {
    return await call();
  } catch (failure) {
    if (!(failure instanceof ApiError)) throw failure;
    setError(failure.message);
    return undefined;
  }
}

/** The period and minimum payout; owners and admins edit them, viewers read them. */
function SettingsPanel(props: {
  brand: Brand;
  settings: PayoutSettings | undefined;
  canManage: boolean;
  onSaved: () => void;
}) {
  const [error, setError] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const money = (amount: number) => Money.display({ amount, currency: props.brand.currency });
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setNotice();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const minimumPayout = Money.parse(String(data.get("minimumPayout")), props.brand.currency);
    if (minimumPayout === undefined) {
      setError(`Enter the minimum payout as an amount in ${props.brand.currency}, like 10.00`);
      return;
    }
    const saved = await attempt(setError, () =>
      unwrap(
        api.v1.brands[":brandId"]["payout-settings"].$put({
          param: { brandId: props.brand.id },
          json: { period: String(data.get("period")) as PayoutSettings["period"], minimumPayout },
        }),
      ),
    );
    if (saved) {
      setNotice("Payout settings saved");
      props.onSaved();
    }
  };
  return (
    <Show when={props.settings}>
      {(settings) => (
        <section aria-labelledby="payout-settings">
          <h3 id="payout-settings">Payout settings</h3>
          <Show
            when={props.canManage}
            fallback={
              <p data-testid="payout-settings">
                Statements close {settings().period === "weekly" ? "every Monday (UTC)" : "on the 1st (UTC)"}.
                Totals under {money(settings().minimumPayout)} carry forward.
              </p>
            }
          >
            <form onSubmit={save} class="filters" aria-label="Payout settings">
              <div class="field">
                <label for="payout-period">Statement period</label>
                <select id="payout-period" name="period" value={settings().period}>
                  <option value="monthly">Monthly (closes on the 1st, UTC)</option>
                  <option value="weekly">Weekly (closes on Monday, UTC)</option>
                </select>
              </div>
              <Field
                label={`Minimum payout (${props.brand.currency})`}
                name="minimumPayout"
                inputMode="decimal"
                value={Money.editable({ amount: settings().minimumPayout, currency: props.brand.currency })}
                hint="Smaller totals carry forward to the next statement"
              />
              <button type="submit">Save payout settings</button>
            </form>
            <FormError message={error()} />
            <Notice message={notice()} />
          </Show>
        </section>
      )}
    </Show>
  );
}

/** A table of statements, each opening its details in the same tab (the id kept in the URL). */
function StatementTable(props: { statements: Statement[]; hrefOf: (id: string) => string; testId: string }) {
  return (
    <div class="table-scroll">
      <table data-testid={props.testId}>
        <thead>
          <tr>
            <th scope="col">Creator</th>
            <th scope="col">Period</th>
            <th scope="col">Status</th>
            <th scope="col">Total</th>
            <th scope="col">Payable</th>
            <th scope="col">
              <span class="visually-hidden">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.statements}>
            {(statement) => (
              <tr>
                <td>@{statement.creator.handle}</td>
                <td>{periodLabel(statement.period)}</td>
                <td>
                  <span class="badge">{statementStatusLabels[statement.status]}</span>
                </td>
                <td>{Money.display({ amount: statement.total, currency: statement.currency })}</td>
                <td>{Money.display({ amount: statement.payable, currency: statement.currency })}</td>
                <td>
                  <A href={props.hrefOf(statement.id)}>
                    Open @{statement.creator.handle}, {periodLabel(statement.period)}
                  </A>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** One line's dispute: a reason, then the line leaves the statement and its commission goes back to review. */
function DisputeLine(props: { statementId: string; line: Statement["lines"][number]; onDone: () => void }) {
  const [open, setOpen] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const fieldName = () => `dispute-${props.line.id}`;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const done = await attempt(setError, () =>
      unwrap(
        api.v1.statements[":id"].lines[":lineId"].dispute.$post({
          param: { id: props.statementId, lineId: props.line.id },
          json: { reason: String(data.get(fieldName())) },
        }),
      ),
    );
    if (done) props.onDone();
  };
  return (
    <Show
      when={open()}
      fallback={
        <button type="button" class="small secondary" onClick={() => setOpen(true)}>
          Dispute {props.line.orderId}
        </button>
      }
    >
      <form onSubmit={submit} aria-label={`Dispute ${props.line.orderId}`}>
        <Field label={`Why dispute ${props.line.orderId}?`} name={fieldName()} required minLength={3} />
        <button type="submit" class="small danger">
          Dispute line
        </button>{" "}
        <button type="button" class="small secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
        <FormError message={error()} />
      </form>
    </Show>
  );
}

/** A statement opened from the lists: its details and, for owners and admins, what may be done next. */
function StatementPanel(props: {
  statementId: string;
  canManage: boolean;
  backHref: string;
  onChanged: () => void;
}) {
  const [statement, { refetch, mutate }] = createResource(
    () => props.statementId,
    (id) => unwrap(api.v1.statements[":id"].$get({ param: { id } })) as Promise<Statement>,
  );
  const [error, setError] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const changed = (next: Statement | undefined, message: string) => {
    if (!next) return;
    mutate(next);
    setNotice(message);
    props.onChanged();
  };
  const approve = async () => {
    setNotice();
    changed(
      await attempt(setError, () =>
        unwrap(api.v1.statements[":id"].approve.$post({ param: { id: props.statementId } })),
      ),
      "Statement approved",
    );
  };
  const markPaid = async (event: SubmitEvent) => {
    event.preventDefault();
    setNotice();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const day = String(data.get("paidOn"));
    changed(
      await attempt(setError, () =>
        unwrap(
          api.v1.statements[":id"].paid.$post({
            param: { id: props.statementId },
            json: { reference: String(data.get("reference")), paidAt: `${day}T00:00:00Z` },
          }),
        ),
      ),
      "Statement marked paid",
    );
  };
  return (
    <section class="panel highlight" aria-labelledby="statement-heading">
      <p>
        <A href={props.backHref}>Back to all statements</A>
      </p>
      <Show when={!statement.loading} fallback={<p aria-busy="true">Loading…</p>}>
        <Show
          when={!statement.error && statement()}
          fallback={<p role="alert">This statement was not found. An upcoming one may have closed since.</p>}
        >
          {(current) => (
            <>
              <h3 id="statement-heading">
                Statement for @{current().creator.handle} · {periodLabel(current().period)}
              </h3>
              <StatementDetails
                statement={current()}
                lineAction={
                  props.canManage && current().status === "closed"
                    ? (line) => (
                        <DisputeLine
                          statementId={current().id}
                          line={line}
                          onDone={() => {
                            setNotice("Line disputed; its commission is back in review");
                            refetch();
                            props.onChanged();
                          }}
                        />
                      )
                    : undefined
                }
              />
              <p>
                <a href={`/api/v1/statements/${current().id}.csv`} download={`${current().id}.csv`}>
                  Download this statement (CSV)
                </a>
              </p>
              <Show when={current().status === "open"}>
                <p class="hint">
                  Upcoming: it closes at the end of the period, then it can be approved and paid.
                </p>
              </Show>
              <Show when={props.canManage}>
                <div class="actions">
                  <Show when={current().status === "closed"}>
                    <button type="button" onClick={approve}>
                      Approve statement
                    </button>
                  </Show>
                </div>
                <Show when={current().status === "approved"}>
                  <form onSubmit={markPaid} aria-label="Mark paid">
                    <Field label="Payment reference" name="reference" required maxLength={200} />
                    <Field
                      label="Paid on"
                      name="paidOn"
                      type="date"
                      required
                      value={new Date().toISOString().slice(0, 10)}
                    />
                    <button type="submit">Mark paid</button>
                  </form>
                </Show>
              </Show>
              <FormError message={error()} />
              <Notice message={notice()} />
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}

/** The brand's payouts: settings, the running period's upcoming statements, and closed ones by status and period. */
export function PayoutsTab(props: { brand: Brand }) {
  const [search, setSearch] = useSearchParams<Search>();
  const [myBrands] = createResource(() => unwrap(api.v1.brands.$get()));
  const role = () => myBrands()?.items.find((item) => item.id === props.brand.id)?.role;
  const canManage = () => role() === "owner" || role() === "admin" || Session.me()?.role === "admin";
  const [settings, { refetch: refetchSettings }] = createResource(
    () => props.brand.id,
    (brandId) => unwrap(api.v1.brands[":brandId"]["payout-settings"].$get({ param: { brandId } })),
  );
  const [upcoming, { refetch: refetchUpcoming }] = createResource(
    () => props.brand.id,
    (brandId) =>
      unwrap(api.v1.brands[":brandId"].statements.$get({ param: { brandId }, query: { status: "open" } })),
  );
  const filter = () => ({
    brandId: props.brand.id,
    status: storedStatuses.includes(search.status as StoredStatus)
      ? (search.status as StoredStatus)
      : undefined,
    period: search.period || undefined,
  });
  const statements = createPagedList(filter, ({ brandId, ...query }, cursor) =>
    unwrap(api.v1.brands[":brandId"].statements.$get({ param: { brandId }, query: { ...query, cursor } })),
  );
  const hrefWith = (statement: string | undefined) => {
    const query = new URLSearchParams({ tab: "payouts" });
    if (search.status) query.set("status", search.status);
    if (search.period) query.set("period", search.period);
    if (search.ledger) query.set("ledger", search.ledger);
    if (statement) query.set("statement", statement);
    return `/brand/${props.brand.id}?${query}`;
  };
  const applyFilter = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const day = String(data.get("period") || "");
    setSearch({
      status: String(data.get("status") || "") || undefined,
      period: day ? periodStartOf(settings()?.period ?? "monthly", day) : undefined,
      statement: undefined,
    });
  };
  const openLedger = (event: SubmitEvent) => {
    event.preventDefault();
    const handle = String(new FormData(event.currentTarget as HTMLFormElement).get("ledger") ?? "")
      .trim()
      .replace(/^@/, "");
    setSearch({ ledger: handle || undefined, statement: undefined });
  };
  const csvHref = () =>
    `/api/v1/brands/${props.brand.id}/statements.csv${search.period ? `?period=${search.period}` : ""}`;
  return (
    <div>
      <h2>Payouts</h2>
      <SettingsPanel
        brand={props.brand}
        settings={settings()}
        canManage={canManage()}
        onSaved={() => {
          refetchSettings();
          refetchUpcoming();
        }}
      />
      <Show when={search.statement}>
        {(statementId) => (
          <StatementPanel
            statementId={statementId()}
            canManage={canManage()}
            backHref={hrefWith(undefined)}
            onChanged={() => {
              statements.reload();
              refetchUpcoming();
            }}
          />
        )}
      </Show>
      <section aria-labelledby="upcoming-heading">
        <h3 id="upcoming-heading">Upcoming</h3>
        <p class="hint">What the running period's statements hold so far; they close at the period's end.</p>
        <Show when={!upcoming.loading} fallback={<p aria-busy="true">Loading…</p>}>
          <Show
            when={!upcoming.error && (upcoming()?.items.length ?? 0) > 0}
            fallback={<p class="empty">Nothing approved for this period yet.</p>}
          >
            <StatementTable
              statements={upcoming()?.items ?? []}
              hrefOf={hrefWith}
              testId="upcoming-statements"
            />
          </Show>
        </Show>
      </section>
      <section aria-labelledby="statements-heading">
        <h3 id="statements-heading">Statements</h3>
        <form class="filters" onSubmit={applyFilter} aria-label="Filter statements">
          <div class="field">
            <label for="statement-status">Status</label>
            <select id="statement-status" name="status" value={search.status ?? ""}>
              <option value="">Any</option>
              <For each={storedStatuses}>
                {(status) => <option value={status}>{statementStatusLabels[status]}</option>}
              </For>
            </select>
          </div>
          <div class="field">
            <label for="statement-period">Period containing</label>
            <input id="statement-period" name="period" type="date" value={search.period ?? ""} />
          </div>
          <button type="submit">Filter</button>
        </form>
        <Show when={search.period}>
          {(period) => (
            <p class="hint">
              Period starting {period()} ·{" "}
              <A href={hrefWith(undefined).replace(/&period=[^&]*/, "")}>all periods</A>
            </p>
          )}
        </Show>
        <p>
          <a href={csvHref()} download={`statements-${search.period ?? "all"}.csv`}>
            Download {search.period ? "this period's" : "all"} statements (CSV)
          </a>
        </p>
        <Show when={!statements.first.loading} fallback={<p aria-busy="true">Loading…</p>}>
          <Show
            when={!statements.first.error}
            fallback={<FormError message={String(statements.first.error?.message)} />}
          >
            <Show when={statements.items().length > 0} fallback={<p class="empty">No statements match.</p>}>
              <StatementTable statements={statements.items()} hrefOf={hrefWith} testId="statements" />
              <ShowMore list={statements} noun="statements" />
            </Show>
          </Show>
        </Show>
      </section>
      <section aria-labelledby="ledger-form-heading">
        <h3 id="ledger-form-heading">Ledger</h3>
        <form class="filters" onSubmit={openLedger} aria-label="Open a creator's ledger">
          <Field label="Creator handle" name="ledger" value={search.ledger ?? ""} required maxLength={40} />
          <button type="submit">Open ledger</button>
        </form>
        <Show when={search.ledger}>
          {(handle) => <LedgerPanel brandId={props.brand.id} handle={handle()} hrefOf={hrefWith} />}
        </Show>
      </section>
      <p class="hint">Statement dates are UTC. Each period's CSV sums to its statements' totals.</p>
    </div>
  );
}
