import { A, useSearchParams } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { ApiError } from "../../api/client";
import { type AdminGuide, type AuditPage, Moderation, type QueueEntry } from "../../data/moderation";
import { Session } from "../../data/session";
import { formatDate } from "../../ui/format";
import { adminTabs } from "./tabs";

const message = (error: unknown) => (error instanceof Error ? error.message : "Something went wrong");

/** A list read page by page with "Load more" (the queue, the audit log). */
function paged<T>(load: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string | undefined }>) {
  const [items, setItems] = createSignal<T[]>([]);
  const [cursor, setCursor] = createSignal<string>();
  const [state, setState] = createSignal<"loading" | "ready" | "failed">("loading");
  const fetchPage = async (reset: boolean) => {
    setState("loading");
    try {
      const page = await load(reset ? undefined : cursor());
      setItems(reset ? page.items : [...items(), ...page.items]);
      setCursor(page.nextCursor);
      setState("ready");
    } catch {
      setState("failed");
    }
  };
  void fetchPage(true);
  return {
    items,
    more: () => cursor() !== undefined,
    state,
    reload: () => fetchPage(true),
    next: () => fetchPage(false),
  };
}

const targetHref = (entry: QueueEntry) =>
  entry.guideId
    ? `/guides/${entry.guideId}`
    : entry.target.type === "groupbuy"
      ? `/groupbuys/${entry.target.id}`
      : undefined;

function ReportsTab() {
  const queue = paged(Moderation.queue);
  const [error, setError] = createSignal<string>();
  const act = async (entry: QueueEntry, kind: "hide" | "dismiss") => {
    const reason = prompt(
      kind === "hide"
        ? "Why hide this guide? (the author and the audit log see it)"
        : "Why dismiss these reports?",
    );
    if (!reason?.trim()) return;
    setError(undefined);
    try {
      if (kind === "hide" && entry.guideId) await Moderation.hide(entry.guideId, reason.trim());
      else await Moderation.dismiss(entry.id, reason.trim());
      await queue.reload();
    } catch (failure) {
      setError(message(failure));
    }
  };
  return (
    <section aria-label="Reports">
      <h2>Open reports</h2>
      <Show when={error()}>
        <p role="alert">{error()}</p>
      </Show>
      <Show
        when={queue.state() !== "loading" || queue.items().length > 0}
        fallback={<p aria-busy="true">Loading…</p>}
      >
        <Show when={queue.items().length > 0} fallback={<p data-testid="queue-empty">No open reports.</p>}>
          <div class="table-wrap">
            <table data-testid="report-queue">
              <thead>
                <tr>
                  <th>Item</th>
                  <th>Reports</th>
                  <th>Reasons</th>
                  <th>First reported</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                <For each={queue.items()}>
                  {(entry) => (
                    <tr data-testid="queue-row">
                      <td>
                        <span class="meta">{entry.target.type}</span>{" "}
                        <Show
                          when={targetHref(entry)}
                          fallback={<span>{entry.label ?? entry.target.id}</span>}
                        >
                          {(href) => <A href={href()}>{entry.label ?? entry.target.id}</A>}
                        </Show>
                        <Show when={entry.hidden}>
                          {" "}
                          <span class="status status-hidden">hidden</span>
                        </Show>
                      </td>
                      <td>{entry.openCount}</td>
                      <td>{entry.reasons.join(", ")}</td>
                      <td>{formatDate(entry.firstReportedAt)}</td>
                      <td class="actions">
                        <Show when={entry.guideId && !entry.hidden}>
                          <button
                            type="button"
                            class="danger"
                            onClick={() => act(entry, "hide")}
                            data-testid="queue-hide"
                          >
                            Hide guide
                          </button>
                        </Show>
                        <button
                          type="button"
                          class="secondary"
                          onClick={() => act(entry, "dismiss")}
                          data-testid="queue-dismiss"
                        >
                          Dismiss
                        </button>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
      <Show when={queue.state() === "failed"}>
        <p role="alert">The queue could not be read.</p>
      </Show>
      <Show when={queue.more()}>
        <button type="button" class="secondary" onClick={queue.next}>
          Load more
        </button>
      </Show>
    </section>
  );
}

/** A guide id from what an admin pastes: the id itself or a guide page's URL. */
const guideIdFrom = (text: string) => /gde_[0-9A-Za-z]+/.exec(text)?.[0] ?? text.trim();

function GuidesTab() {
  const [query, setQuery] = createSignal("");
  const [guide, setGuide] = createSignal<AdminGuide>();
  const [reason, setReason] = createSignal("");
  const [error, setError] = createSignal<string>();
  const [done, setDone] = createSignal<string>();
  const lookUp = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(undefined);
    setDone(undefined);
    setGuide(undefined);
    try {
      setGuide(await Moderation.guide(guideIdFrom(query())));
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 404 ? "No guide with that id." : message(failure),
      );
    }
  };
  const act = async (hide: boolean) => {
    const current = guide();
    if (!current || !reason().trim()) return;
    setError(undefined);
    try {
      setGuide(
        await (hide
          ? Moderation.hide(current.id, reason().trim())
          : Moderation.restore(current.id, reason().trim())),
      );
      setDone(hide ? "Hidden." : "Restored.");
      setReason("");
    } catch (failure) {
      setError(message(failure));
    }
  };
  return (
    <section aria-label="Guides">
      <h2>Hide or restore a guide</h2>
      <form onSubmit={lookUp} class="inline-form">
        <label>
          Guide id or URL
          <input
            value={query()}
            onInput={(e) => setQuery(e.currentTarget.value)}
            required
            data-testid="guide-lookup"
          />
        </label>
        <button type="submit">Look up</button>
      </form>
      <Show when={error()}>
        <p role="alert">{error()}</p>
      </Show>
      <Show when={guide()}>
        {(current) => (
          <div class="panel" data-testid="admin-guide">
            <p>
              <A href={`/guides/${current().id}`}>{current().title}</A> by @{current().creator.handle} ·{" "}
              {current().status} {current().hidden ? "· hidden" : ""}
            </p>
            <label>
              Reason (required; the audit log keeps it)
              <input value={reason()} onInput={(e) => setReason(e.currentTarget.value)} maxLength={500} />
            </label>
            <div class="actions">
              <Show
                when={current().hidden}
                fallback={
                  <button type="button" class="danger" disabled={!reason().trim()} onClick={() => act(true)}>
                    Hide
                  </button>
                }
              >
                <button type="button" disabled={!reason().trim()} onClick={() => act(false)}>
                  Restore
                </button>
              </Show>
            </div>
            <Show when={done()}>
              <p role="status">{done()}</p>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}

function BadgesTab() {
  const [kind, setKind] = createSignal<"creator" | "brand">("creator");
  const [who, setWho] = createSignal("");
  const [reason, setReason] = createSignal("");
  const [result, setResult] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const set = async (verified: boolean) => {
    setError(undefined);
    setResult(undefined);
    const id = who().trim().replace(/^@/, "");
    if (!id) return;
    const why = reason().trim() || (verified ? "Verified badge granted" : "Verified badge revoked");
    try {
      if (kind() === "creator") {
        const profile = await Moderation.creatorBadge(id, verified, why);
        setResult(`@${profile.handle} is ${profile.verified ? "verified" : "not verified"}.`);
      } else {
        const brand = await Moderation.brandBadge(id, verified, why);
        setResult(`${brand.name} is ${brand.verified ? "verified" : "not verified"}.`);
      }
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 404 ? `No such ${kind()}.` : message(failure),
      );
    }
  };
  return (
    <section aria-label="Badges">
      <h2>Verified badges</h2>
      <div class="inline-form">
        <label>
          For a
          <select value={kind()} onChange={(e) => setKind(e.currentTarget.value as "creator" | "brand")}>
            <option value="creator">creator (handle)</option>
            <option value="brand">brand (brand id)</option>
          </select>
        </label>
        <label>
          {kind() === "creator" ? "Handle" : "Brand id"}
          <input value={who()} onInput={(e) => setWho(e.currentTarget.value)} />
        </label>
        <label>
          Reason
          <input value={reason()} onInput={(e) => setReason(e.currentTarget.value)} maxLength={500} />
        </label>
      </div>
      <div class="actions">
        <button type="button" onClick={() => set(true)}>
          Grant badge
        </button>
        <button type="button" class="secondary" onClick={() => set(false)}>
          Revoke badge
        </button>
      </div>
      <Show when={result()}>
        <p role="status">{result()}</p>
      </Show>
      <Show when={error()}>
        <p role="alert">{error()}</p>
      </Show>
    </section>
  );
}

function AuditTab() {
  const log = paged<AuditPage["items"][number]>(Moderation.audit);
  return (
    <section aria-label="Audit log">
      <h2>Audit log</h2>
      <p>
        <a class="button secondary" href={Moderation.auditExportHref} download="audit-log.csv">
          Export CSV
        </a>
      </p>
      <Show
        when={log.items().length > 0}
        fallback={<p>{log.state() === "loading" ? "Loading…" : "No admin actions yet."}</p>}
      >
        <div class="table-wrap">
          <table data-testid="audit-log">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>On</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              <For each={log.items()}>
                {(entry) => (
                  <tr data-testid="audit-row">
                    <td>
                      <time datetime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
                    </td>
                    <td>@{entry.actorHandle}</td>
                    <td>{entry.action.replace("_", " ")}</td>
                    <td>
                      {entry.target.type} {entry.target.id}
                    </td>
                    <td>{entry.reason}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <Show when={log.state() === "failed"}>
        <p role="alert">The audit log could not be read.</p>
      </Show>
      <Show when={log.more()}>
        <button type="button" class="secondary" onClick={log.next}>
          Load more
        </button>
      </Show>
    </section>
  );
}

/** The admin console: admins only; anyone else signed in is told so (signed out: the sign-in notice). */
export default function AdminPage() {
  const [search] = useSearchParams<{ tab?: string }>();
  const tab = () => search.tab ?? "reports";
  return (
    <Show
      when={Session.me()?.role === "admin"}
      fallback={
        <section class="card narrow" data-testid="admin-forbidden">
          <h1>Admins only</h1>
          <p>
            This console is for platform admins. <A href="/">Back to your feed</A>
          </p>
        </section>
      }
    >
      <section class="card wide admin">
        <h1>Admin console</h1>
        <nav class="tabs" aria-label="Admin console">
          <For each={adminTabs}>
            {(item) => (
              <A
                href={item.href}
                aria-current={tab() === item.id ? "page" : undefined}
                class={tab() === item.id ? "active" : ""}
                end
              >
                {item.label}
              </A>
            )}
          </For>
        </nav>
        <Switch>
          <Match when={tab() === "reports"}>
            <ReportsTab />
          </Match>
          <Match when={tab() === "guides"}>
            <GuidesTab />
          </Match>
          <Match when={tab() === "badges"}>
            <BadgesTab />
          </Match>
          <Match when={tab() === "audit"}>
            <AuditTab />
          </Match>
        </Switch>
      </section>
    </Show>
  );
}
