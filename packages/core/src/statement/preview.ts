import * as z from "zod";
import { Brand } from "../brand";
import { Conversion } from "../conversion";
import { Cursor, type Page } from "../dynamo";
import { User } from "../user";
import { Clock } from "../util/clock";
import * as Compose from "./compose";
import { type Entry, type Header, type Payable, PeriodKind, type Settings } from "./schema";
import { StatementStore } from "./statement.dynamo";

/**
 * Upcoming statements: what the closing job would write for the running period if it ended now, computed
 * on read from the same decisions (`compose.ts`) and never stored.
 */

const OPEN_ID = /^open_(\d{4}-\d{2}-\d{2})_(brd_[0-9A-Za-z]+)_(usr_[0-9A-Za-z]+)_([A-Z]{3})$/;

/**
 * An upcoming statement's id: deterministic, one per (brand, creator, currency, period), so it can be
 * linked while the period runs. It names no stored item; once the period closes the statement gets a real id.
 */
export function openId(brandId: string, creatorId: string, currency: string, periodStart: Date): string {
  return `open_${periodStart.toISOString().slice(0, 10)}_${brandId}_${creatorId}_${currency}`;
}

export function parseOpenId(id: string) {
  const match = OPEN_ID.exec(id);
  if (!match) return undefined;
  const [, day, brandId, creatorId, currency] = match;
  return day && brandId && creatorId && currency ? { day, brandId, creatorId, currency } : undefined;
}

/** An upcoming statement: its header and every entry it would have (bounded by the running period's commissions). */
export interface Preview {
  header: Header;
  entries: Entry[];
}

/**
 * Upcoming statements: for each (brand, creator, currency) among `payables`, what the closing job would
 * write for the current period if it ended now, with status `open` and the period's end as the time it
 * closes: the same decisions (`compose.ts`) over the same inputs (payable commissions, their claims, the
 * carried balance); nothing is written. Until the job has closed the previous period, its commissions
 * show here too.
 */
async function previews(payables: Payable[]): Promise<Preview[]> {
  const now = Clock.now();
  const settingsOf = new Map<string, Settings>();
  const handles = new Map<string, string>();
  const brandNames = new Map<string, string>();
  const out: Preview[] = [];
  for (const { items } of Compose.groupsOf(payables)) {
    const first = items[0];
    if (!first?.creatorId || !first.commission) continue;
    const { brandId, creatorId } = first;
    const currency = first.commission.amount.currency;
    const settings = settingsOf.get(brandId) ?? (await StatementStore.getSettings(brandId));
    settingsOf.set(brandId, settings);
    const period = Compose.periodOf(settings.period, now);
    const id = openId(brandId, creatorId, currency, period.start);
    const claims = await StatementStore.getClaims(items.flatMap((item) => item.commission?.id ?? []));
    const paidEarlier = new Map<string, boolean>();
    const entries: Entry[] = [];
    for (const payable of items) {
      const claim = claims.get(payable.commission?.id ?? "");
      const decision = Compose.decide(payable, claim?.settled ?? 0, period.end);
      if (decision.kind !== "line" && decision.kind !== "adjustment") continue;
      let paid = false;
      if (decision.kind === "adjustment" && claim) {
        if (!paidEarlier.has(claim.statementId))
          paidEarlier.set(
            claim.statementId,
            (await StatementStore.get(claim.statementId))?.status === "paid",
          );
        paid = paidEarlier.get(claim.statementId) ?? false;
      }
      entries.push(Compose.entryOf(payable, decision, `open_${payable.commission?.id}`, paid));
    }
    if (entries.length === 0) continue;
    const balance = await StatementStore.getBalance(brandId, creatorId, currency);
    const handle = handles.get(creatorId) ?? (await User.get(creatorId)).handle;
    handles.set(creatorId, handle);
    const brandName = brandNames.get(brandId) ?? (await Brand.getInternal(brandId)).name;
    brandNames.set(brandId, brandName);
    const counts = Compose.countsOf(entries);
    const figures = Compose.totals(balance?.carry ?? 0, counts, settings);
    out.push({
      header: {
        id,
        brandId,
        creatorId,
        creator: { handle },
        brand: { name: brandName },
        period: { start: period.start.toISOString(), end: period.end.toISOString(), kind: settings.period },
        currency,
        status: "open",
        counts,
        carriedIn: balance?.carry ?? 0,
        total: figures.total,
        payable: figures.payable,
        carriedOut: figures.carriedOut,
        events: [],
        version: 0,
      },
      entries,
    });
  }
  return out.sort((a, b) => (a.header.id < b.header.id ? -1 : 1));
}

/**
 * A brand's payable commissions that an upcoming statement may hold: the payable index's days from the
 * start of the last ended period (whose statements may not be closed yet) to today, the brand's part of
 * each (AP150), and the legacy partition until the job has drained it.
 */
async function payableOfBrand(brandId: string): Promise<Payable[]> {
  const now = Clock.now();
  const settings = await StatementStore.getSettings(brandId);
  const from = Compose.dayOf(Compose.lastEnded(settings.period, now).start);
  const checkpoint = await StatementStore.getCheckpoint();
  const days = [
    ...(checkpoint?.legacyDrained ? [] : ["legacy"]),
    ...Compose.daysBetween(from, Compose.dayOf(now)),
  ];
  const payables: Payable[] = [];
  for (const day of days)
    payables.push(...(await StatementStore.listPayable(day, brandId)).read.map((read) => read.payable));
  return payables;
}

export async function brandPreviews(brandId: string): Promise<Preview[]> {
  return previews(await payableOfBrand(brandId));
}

/**
 * A creator's upcoming statements with every brand: their commissions that became payable since the start of
 * the longest last-ended period any brand can have (a month), like the brand's own preview reads the payable
 * index since its last ended period began (AP224).
 */
export async function creatorPreviews(creatorId: string): Promise<Preview[]> {
  const now = Clock.now();
  const from = Compose.dayOf(
    new Date(Math.min(...PeriodKind.options.map((kind) => Compose.lastEnded(kind, now).start.getTime()))),
  );
  const payable = await Conversion.listPayableOfCreator(creatorId, from);
  return previews(
    payable.filter(
      (conversion) =>
        conversion.commission?.status === "approved" || conversion.commission?.status === "reversed",
    ),
  );
}

/** One page of an upcoming statement's computed entries; the cursor is bound to the statement's id. */
export function previewPage(preview: Preview, cursor: string | undefined): Page<Entry> {
  const binding = `open-lines:${preview.header.id}`;
  const after = Cursor.open(binding, z.object({ after: z.string() }), cursor)?.after;
  const start = after === undefined ? 0 : preview.entries.findIndex((entry) => entry.id === after) + 1;
  const items = preview.entries.slice(start, start + Compose.LINES_PAGE);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      last && start + Compose.LINES_PAGE < preview.entries.length
        ? Cursor.seal(binding, { after: last.id })
        : undefined,
  };
}
