export * as GroupBuy from "./index";

import type * as z from "zod";
import { Brand } from "../brand";
import type { Page } from "../dynamo";
import { Failure } from "../failure";
import { Image } from "../image";
import { Link } from "../link";
import { User } from "../user";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { csvStream } from "../util/csv";
import { ValidationError } from "../util/errors";
import { createId } from "../util/id";
import { toDecimal } from "../util/money";
import type { Money } from "../util/money-schema";
import { httpUrlProblem } from "../util/url";
import * as Fanout from "./fanout";
import { GroupBuyStore } from "./groupbuy.dynamo";
import {
  CreateInput,
  type FanoutNotice,
  GroupBuyClosedError,
  GroupBuyFullError,
  GroupBuyNotFoundError,
  type Info,
  JoinInput,
  MAX_DAYS,
  type MyGroupBuy,
  type ParticipantRow,
  type Participation,
  ParticipationNotFoundError,
  type Product,
  type State,
} from "./schema";
import * as Seating from "./seating";

export { newCode } from "./code";
export { JOB_BUDGET_MS } from "./fanout";
export * from "./schema";
/** The bounded, resumable walk over a group-buy's participants (codes, notices). */
export { Fanout };

const DAY_MS = 86_400_000;
/** The index of the best tier `participants` reaches, or -1 when none. */
export function tierIndexFor(groupbuy: Pick<Info, "tiers">, participants: number): number {
  let reached = -1;
  groupbuy.tiers.forEach((tier, index) => {
    if (participants >= tier.participants) reached = index;
  });
  return reached;
}

export function priceAt(groupbuy: Pick<Info, "tiers" | "basePrice">, tierIndex: number): Money {
  return groupbuy.tiers[tierIndex]?.price ?? groupbuy.basePrice;
}

/** Tier progress at `now`; a settled group-buy is frozen at its settled tier, a failed one at none. */
export function stateOf(groupbuy: Info, now: Date): State {
  const index =
    groupbuy.status === "failed"
      ? -1
      : (groupbuy.settledTier ?? tierIndexFor(groupbuy, groupbuy.participants));
  const next = groupbuy.status === "open" ? groupbuy.tiers[index + 1] : undefined;
  return {
    ...groupbuy,
    currentTier: groupbuy.tiers[index] ?? null,
    nextTier: next ?? null,
    remainingForNextTier: next ? Math.max(0, next.participants - groupbuy.participants) : null,
    unitsLeft: Math.max(0, groupbuy.capacity - groupbuy.units),
    currentPrice: priceAt(groupbuy, index),
    timeLeftSeconds:
      groupbuy.status === "open"
        ? Math.max(0, Math.floor((Date.parse(groupbuy.deadline) - now.getTime()) / 1000))
        : 0,
  };
}

function validate(input: z.output<typeof CreateInput>, currency: string, now: number) {
  const issues: { path: string; message: string }[] = [];
  const moneys: [string, Money][] = [
    ["basePrice", input.basePrice],
    ...input.tiers.map((tier, index) => [`tiers.${index}.price`, tier.price] as [string, Money]),
    ...(input.rule.kind === "flat" ? [["rule.amount", input.rule.amount] as [string, Money]] : []),
  ];
  for (const [path, money] of moneys)
    if (money.currency !== currency) issues.push({ path, message: `Use the brand's currency, ${currency}` });
  input.tiers.forEach((tier, index) => {
    const before = input.tiers[index - 1];
    if (before && tier.participants <= before.participants)
      issues.push({ path: `tiers.${index}.participants`, message: "Tiers ascend by participants" });
    if (before && tier.price.amount >= before.price.amount)
      issues.push({ path: `tiers.${index}.price`, message: "Each tier is cheaper than the one before" });
    if (tier.price.amount >= input.basePrice.amount)
      issues.push({ path: `tiers.${index}.price`, message: "A tier price is below the base price" });
    // Everyone takes at least one unit, so a tier needing more people than there are units is unreachable.
    if (tier.participants > input.capacity)
      issues.push({
        path: `tiers.${index}.participants`,
        message: "A tier needs no more people than the capacity in units",
      });
  });
  if (input.capacity < input.minParticipants)
    issues.push({ path: "capacity", message: "Capacity is at least the minimum to succeed" });
  const deadline = Date.parse(input.deadline);
  if (deadline <= now) issues.push({ path: "deadline", message: "The deadline is in the future" });
  else if (deadline > now + MAX_DAYS * DAY_MS)
    issues.push({ path: "deadline", message: `The deadline is within ${MAX_DAYS} days` });
  if (!input.product && !input.productId)
    issues.push({ path: "product", message: "Describe the product or give a productId" });
  return issues;
}

/** A brand admin creates a group-buy (`POST /campaigns` with `type: "groupbuy"`); it opens at once. */
export async function create(actor: Actor, raw: CreateInput): Promise<State> {
  const input = CreateInput.parse(raw);
  await Brand.requireMember(actor, input.brandId, "admin");
  const brand = await Brand.getInternal(input.brandId);
  const now = Clock.now();
  const issues = validate(input, brand.currency, now.getTime());
  let product: Product | undefined = input.product;
  let image: Image.ImageView | null = input.imageId
    ? await Image.attach(actor, { imageId: input.imageId, alt: input.imageAlt || input.name })
    : null;
  if (input.productId) {
    const [found] = await Brand.findProducts(brand.id, [{ productId: input.productId }]);
    if (!found) issues.push({ path: "productId", message: `No product ${input.productId} in the catalogue` });
    else {
      // A catalogue URL stored before product URLs were checked is not carried into the group-buy.
      const url = found.url && !httpUrlProblem(found.url) ? found.url : `https://${brand.domains[0]}`;
      product = { title: found.name, url, productId: found.id };
      image ??= found.image;
    }
  }
  if (issues.length || !product) throw new ValidationError(issues);
  const groupbuy: Info = {
    id: createId("gby"),
    brandId: brand.id,
    brandName: brand.name,
    type: "groupbuy",
    name: input.name,
    product,
    image,
    basePrice: input.basePrice,
    tiers: input.tiers,
    minParticipants: input.minParticipants,
    capacity: input.capacity,
    maxQuantityPerPerson: input.maxQuantityPerPerson,
    deadline: new Date(input.deadline).toISOString(),
    rule: input.rule,
    holdDays: input.holdDays,
    currency: brand.currency,
    status: "open",
    participants: 0,
    units: 0,
    createdAt: now.toISOString(),
  };
  await GroupBuyStore.insert(groupbuy);
  return stateOf(groupbuy, now);
}

async function load(groupbuyId: string): Promise<Info> {
  const groupbuy = await GroupBuyStore.get(groupbuyId);
  if (!groupbuy) throw new GroupBuyNotFoundError();
  return groupbuy;
}

/** Public: anyone with the link may see a group-buy and its progress. */
export async function get(groupbuyId: string): Promise<State> {
  return stateOf(await load(groupbuyId), Clock.now());
}

export async function getInternal(groupbuyId: string): Promise<Info | undefined> {
  return GroupBuyStore.get(groupbuyId);
}

/** A `ref` names the referring creator by one of their link codes or by their handle; unknown refs are ignored. */
async function resolveRef(ref: string | undefined): Promise<User.Info | undefined> {
  if (!ref) return undefined;
  const link = await Link.resolve(ref);
  const creator = link ? await User.get(link.creatorId) : await User.findByHandle(ref.replace(/^@/, ""));
  return creator && (creator.role === "creator" || creator.role === "admin") ? creator : undefined;
}

/**
 * Joins for the calling user with `quantity` units. The participation (only if absent) and the counters,
 * people +1 and units +quantity (only while open, before the deadline and with that many units left), in
 * one transaction, shared with whoever joins the same group-buy at the same moment (seating.ts). Taking the
 * last unit decides the group-buy at once; its codes follow from the table stream.
 */
export async function join(actor: Actor, groupbuyId: string, raw: JoinInput): Promise<Participation> {
  const user = Actor.requireUser(actor);
  const input = JoinInput.parse(raw);
  const groupbuy = await Seating.peek(groupbuyId);
  if (!groupbuy) throw new GroupBuyNotFoundError();
  if (input.quantity > groupbuy.maxQuantityPerPerson)
    throw new ValidationError([
      { path: "quantity", message: `At most ${groupbuy.maxQuantityPerPerson} per person` },
    ]);
  // A cheap early answer on a full or closed group-buy; the transaction is what guarantees it.
  // Full wins over closed: a group-buy that filled settles at once, and "full" is the truer answer.
  if (groupbuy.units >= groupbuy.capacity) throw new GroupBuyFullError();
  if (groupbuy.units + input.quantity > groupbuy.capacity)
    throw new GroupBuyFullError(groupbuy.capacity - groupbuy.units);
  if (groupbuy.status !== "open" || Date.parse(groupbuy.deadline) <= Clock.nowMs())
    throw new GroupBuyClosedError();
  const referrer = await resolveRef(input.ref);
  const participation: Participation = {
    groupbuyId,
    userId: user.userId,
    handle: user.handle,
    quantity: input.quantity,
    referrerId: referrer && referrer.id !== user.userId ? referrer.id : undefined,
    referrerHandle: referrer && referrer.id !== user.userId ? referrer.handle : undefined,
    joinedAt: Clock.now().toISOString(),
  };
  const seated = await Seating.seat(participation, groupbuy.capacity, groupbuy.capacity - groupbuy.units);
  if (seated.settles) await decide(groupbuyId);
  return participation;
}

/** The calling user's own seat in a group-buy (with their code once issued); not found when they have none. */
export async function myParticipation(actor: Actor, groupbuyId: string): Promise<Participation> {
  const user = Actor.requireUser(actor);
  await load(groupbuyId);
  const participation = await GroupBuyStore.getParticipation(groupbuyId, user.userId);
  if (!participation) throw new ParticipationNotFoundError();
  return participation;
}

/** Gives the calling user's place (and their units) back, exactly once, while the group-buy is open and before its deadline. */
export async function leave(actor: Actor, groupbuyId: string): Promise<void> {
  const user = Actor.requireUser(actor);
  await load(groupbuyId);
  const participation = await GroupBuyStore.getParticipation(groupbuyId, user.userId);
  if (!participation) throw new ParticipationNotFoundError();
  await GroupBuyStore.leave(participation, Clock.now());
}

/**
 * Gives every participant a notice (a failure, a tier one person away), once each: the first pages now,
 * within `budgetMs`, the rest from the settle job (fanout.ts). Called from the table stream.
 */
export async function notifyParticipants(
  groupbuyId: string,
  notice: FanoutNotice,
  budgetMs: number,
): Promise<void> {
  await Fanout.start(groupbuyId, { kind: "notice", notice }, budgetMs);
}

/**
 * Decides a group-buy that is due (its deadline passed, or every seat taken). The conditional transition
 * open → succeeded/failed picks the single winner among concurrent settlers. Codes are not issued here:
 * the join that takes the last seat answers without waiting for a hundred of them; the table stream
 * (and, as a backstop, the scheduled job) issues them with `settle`.
 */
export async function decide(groupbuyId: string): Promise<Info> {
  let groupbuy = await load(groupbuyId);
  const now = Clock.now();
  while (groupbuy.status === "open") {
    const due = groupbuy.units >= groupbuy.capacity || Date.parse(groupbuy.deadline) <= now.getTime();
    if (!due) return groupbuy;
    const succeeded = groupbuy.participants >= groupbuy.minParticipants;
    // Conditional on the status still open and the count still the one decided on: a leave racing a
    // fill-triggered settle makes this fail, and the loop decides again on what is stored.
    await GroupBuyStore.transition(
      groupbuy,
      succeeded
        ? { status: "succeeded", settledTier: tierIndexFor(groupbuy, groupbuy.participants) }
        : { status: "failed" },
      now,
    );
    groupbuy = await load(groupbuyId);
  }
  return groupbuy;
}

/**
 * Decides a due group-buy and, once it succeeded, issues its participants' codes a page at a time for up to
 * `budgetMs` (fanout.ts; at least one page); what is left, the settle job finishes. Idempotent per
 * participant, so any settler (the stream, the next scheduled run) may go on where another stopped.
 */
export async function settle(groupbuyId: string, options: { budgetMs?: number } = {}): Promise<Info> {
  let groupbuy = await decide(groupbuyId);
  if (groupbuy.status === "succeeded" && !groupbuy.codesIssuedAt) {
    await Fanout.start(groupbuyId, { kind: "codes" }, options.budgetMs ?? Fanout.JOB_BUDGET_MS);
    groupbuy = await load(groupbuyId);
  }
  return groupbuy;
}

/** What one run of the settle job did. */
export interface SettleReport {
  /** Due group-buys decided (or found decided) this run. */
  settled: number;
  /** Pages of participants walked (codes and notices). */
  pages: number;
  /** Fan-outs left open for the next run because the budget ran out. */
  left: number;
}

/**
 * The scheduled job. First every open group-buy past its deadline, and any success whose codes are
 * unfinished, one at a time: decided, and a success's codes task opened. Then every open fan-out (codes and
 * notices) a page each in turn for up to `budgetMs`, resuming next run where this one stopped. One that fails
 * (an unreadable legacy item, say) is counted and, after the bound, parked for an admin; it never keeps
 * another brand's group-buys from settling.
 */
export async function settleDue(options: { budgetMs?: number } = {}): Promise<SettleReport> {
  const run = await Failure.startJob("settle-groupbuys");
  let settled = 0;
  for (const groupbuyId of await GroupBuyStore.listDue(Clock.now())) {
    const outcome = await run.item(groupbuyId, async () => {
      const groupbuy = await decide(groupbuyId);
      if (groupbuy.status === "succeeded" && !groupbuy.codesIssuedAt)
        await Fanout.open(groupbuyId, { kind: "codes" });
    });
    if (outcome === "done") settled++;
  }
  const fanouts = await Fanout.continueOpen(run, options.budgetMs ?? Fanout.JOB_BUDGET_MS);
  return { settled, ...fanouts };
}

/**
 * A brand admin removes a group-buy: deleted when nobody has joined it, otherwise cancelled (it fails now:
 * every participant is released, no codes, no commission). Works on a legacy item too broken to read whole.
 * A group-buy that already settled cannot be removed.
 */
export async function remove(
  actor: Actor,
  brandId: string,
  groupbuyId: string,
): Promise<{ outcome: "deleted" | "cancelled" }> {
  await Brand.requireMember(actor, brandId, "admin");
  const found = await GroupBuyStore.getEssentials(groupbuyId);
  if (!found || found.brandId !== brandId) throw new GroupBuyNotFoundError();
  if (found.status !== "open") throw new GroupBuyClosedError();
  if (found.participants === 0 && (await GroupBuyStore.deleteUnjoined(groupbuyId)))
    return { outcome: "deleted" };
  // Someone joined meanwhile (or had already): cancel instead.
  if (await GroupBuyStore.cancel(groupbuyId, Clock.now())) return { outcome: "cancelled" };
  throw new GroupBuyClosedError();
}

/** "My group-buys": every participation of the calling user, with its group-buy's status and, after success, the code. */
export async function listMine(actor: Actor, cursor?: string): Promise<Page<MyGroupBuy>> {
  const user = Actor.requireUser(actor);
  const page = await GroupBuyStore.listParticipationsOf(user.userId, cursor);
  const groupbuys = await Promise.all(page.items.map((entry) => GroupBuyStore.get(entry.groupbuyId)));
  return {
    items: page.items.flatMap((participation, index) => {
      const groupbuy = groupbuys[index];
      if (!groupbuy) return [];
      return [
        {
          groupbuyId: groupbuy.id,
          name: groupbuy.name,
          status: groupbuy.status,
          quantity: participation.quantity,
          deadline: groupbuy.deadline,
          price: stateOf(groupbuy, Clock.now()).currentPrice,
          code: groupbuy.status === "succeeded" ? participation.code : undefined,
          image: groupbuy.image ?? null,
        },
      ];
    }),
    nextCursor: page.nextCursor,
  };
}

/** A brand's group-buys with their progress, newest first, for the brand's members only. */
export async function listByBrand(actor: Actor, brandId: string, cursor?: string): Promise<Page<State>> {
  await Brand.requireMember(actor, brandId, "viewer");
  const page = await GroupBuyStore.listByBrand(brandId, cursor);
  const now = Clock.now();
  return { items: page.items.map((groupbuy) => stateOf(groupbuy, now)), nextCursor: page.nextCursor };
}

/** Participants a page of an export reads (AP310). */
const EXPORT_PAGE = 200;

/**
 * Participants and their codes a page at a time, for the brand's members only (checked before the first
 * page; another brand's group-buy is not found). Exports stream these pages, so a group-buy of 100 000 is
 * never held in memory whole.
 */
export async function participantPages(
  actor: Actor,
  brandId: string,
  groupbuyId: string,
): Promise<AsyncIterable<ParticipantRow[]>> {
  await Brand.requireMember(actor, brandId, "viewer");
  const groupbuy = await load(groupbuyId);
  if (groupbuy.brandId !== brandId) throw new GroupBuyNotFoundError();
  const unitPrice = stateOf(groupbuy, Clock.now()).currentPrice;
  async function* pages() {
    let cursor: string | undefined;
    do {
      const page = await GroupBuyStore.participantsPage(groupbuyId, EXPORT_PAGE, cursor);
      yield page.items.map((entry) => ({
        userId: entry.userId,
        handle: entry.handle,
        quantity: entry.quantity,
        unitPrice,
        status: groupbuy.status,
        code: entry.code,
        referrerHandle: entry.referrerHandle,
        joinedAt: entry.joinedAt,
      }));
      cursor = page.nextCursor;
    } while (cursor);
  }
  return pages();
}

const PARTICIPANT_COLUMNS = [
  "userId",
  "handle",
  "quantity",
  "unitPrice",
  "currency",
  "status",
  "code",
  "referrer",
  "joinedAt",
  "unitPriceDecimal",
];

/** The same rows as a CSV stream (util/csv.ts): `unitPrice` in minor units, `unitPriceDecimal` in the currency's decimals. */
export async function participantsCsv(
  actor: Actor,
  brandId: string,
  groupbuyId: string,
): Promise<ReadableStream<Uint8Array>> {
  const pages = await participantPages(actor, brandId, groupbuyId);
  async function* rows() {
    for await (const page of pages)
      yield page.map((row) => [
        row.userId,
        row.handle,
        row.quantity,
        row.unitPrice.amount,
        row.unitPrice.currency,
        row.status,
        row.code,
        row.referrerHandle,
        row.joinedAt,
        toDecimal(row.unitPrice),
      ]);
  }
  return csvStream(PARTICIPANT_COLUMNS, rows());
}

/**
 * Attribution hook: a participant's code of a successful group-buy at this brand. Codes of failed or
 * open group-buys, and codes of another brand's group-buys, find nothing.
 */
export async function findByCode(
  brandId: string,
  code: string,
): Promise<{ groupbuy: Info; participation: Participation; unitPrice: Money } | undefined> {
  const normalized = code.trim().toUpperCase();
  if (!/^GB[A-Z0-9]{10}$/.test(normalized)) return undefined;
  const claim = await GroupBuyStore.getCode(normalized);
  if (!claim) return undefined;
  const [groupbuy, participation] = await Promise.all([
    GroupBuyStore.get(claim.groupbuyId),
    GroupBuyStore.getParticipation(claim.groupbuyId, claim.userId),
  ]);
  if (!groupbuy || !participation || groupbuy.brandId !== brandId || groupbuy.status !== "succeeded")
    return undefined;
  return { groupbuy, participation, unitPrice: priceAt(groupbuy, groupbuy.settledTier ?? -1) };
}
