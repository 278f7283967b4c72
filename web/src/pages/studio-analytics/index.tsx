import { A, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { type Interval, Links } from "../../data/links";
import { createPagedList } from "../../data/paged";
import { Session } from "../../data/session";
import { BreakdownTable } from "../../ui/breakdown-table";
import { ClickChart } from "../../ui/click-chart";
import { ShowMore } from "../../ui/show-more";
import { StudioNav } from "../../ui/studio-nav";

/** Creator studio: human clicks over time, overall or per link, with bots and duplicates shown apart. */
export default function StudioAnalyticsPage() {
  const [params, setParams] = useSearchParams<{ link?: string }>();
  const [interval, setInterval] = createSignal<Interval>("day");
  const isCreator = () => ["creator", "admin"].includes(Session.me()?.role ?? "");
  const links = createPagedList(isCreator, (_creator, cursor) => Links.page(cursor));
  const [stats, { refetch }] = createResource(
    () => (isCreator() ? { code: params.link || undefined, interval: interval() } : undefined),
    ({ code, interval }) => Links.stats(code, { interval }),
  );

  return (
    <section class="stack">
      <StudioNav />
      <h1>Analytics</h1>
      <Switch>
        <Match when={!Session.me.loading && !isCreator()}>
          <p>
            Analytics are for creator accounts. <A href="/login">Log in</A>
          </p>
        </Match>
        <Match when={isCreator()}>
          <form class="filters" onSubmit={(event) => event.preventDefault()}>
            <div class="field">
              <label for="link">Link</label>
              <select
                id="link"
                value={params.link ?? ""}
                onChange={(event) => setParams({ link: event.currentTarget.value || undefined })}
              >
                <option value="">All links</option>
                <For each={links.items()}>
                  {(link) => (
                    <option value={link.code}>
                      /r/{link.code} · {link.url}
                    </option>
                  )}
                </For>
              </select>
              <ShowMore list={links} noun="links" />
            </div>
            <div class="field">
              <label for="interval">By</label>
              <select
                id="interval"
                value={interval()}
                onChange={(event) => setInterval(event.currentTarget.value as Interval)}
              >
                <option value="day">Day (last 7 days)</option>
                <option value="hour">Hour (last 48 hours)</option>
              </select>
            </div>
            <button type="button" class="secondary" onClick={() => refetch()}>
              Refresh
            </button>
          </form>
          <Show when={stats()} fallback={<p aria-busy="true">Loading…</p>}>
            {(summary) => (
              <>
                <dl class="totals">
                  <div>
                    <dt>Human clicks</dt>
                    <dd data-testid="total-human">{summary().totals.humanClicks}</dd>
                  </div>
                  <div>
                    <dt>Repeat clicks (same visitor within an hour)</dt>
                    <dd data-testid="total-duplicate">{summary().totals.duplicateClicks}</dd>
                  </div>
                  <div>
                    <dt>Bots and link previews</dt>
                    <dd data-testid="total-bot">{summary().totals.botClicks}</dd>
                  </div>
                </dl>
                <div class="card">
                  <ClickChart
                    series={summary().series}
                    label={`Human clicks per ${summary().interval}: ${summary().totals.humanClicks} in total`}
                  />
                </div>
                <div class="breakdowns">
                  <BreakdownTable
                    title="Referrer"
                    rows={summary().breakdowns.referrer}
                    testId="breakdown-referrer"
                  />
                  <BreakdownTable
                    title="Device"
                    rows={summary().breakdowns.device}
                    testId="breakdown-device"
                  />
                  <BreakdownTable
                    title="Country"
                    rows={summary().breakdowns.country}
                    testId="breakdown-country"
                  />
                  <BreakdownTable
                    title="Browser"
                    rows={summary().breakdowns.browser}
                    testId="breakdown-browser"
                  />
                </div>
              </>
            )}
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
