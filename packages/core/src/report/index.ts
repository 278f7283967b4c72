export * as Report from "./index";

import { Audit } from "../audit";
import type { Page } from "../dynamo";
import { GroupBuy } from "../groupbuy";
import { Guide } from "../guide";
import { User } from "../user";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { NotFoundError } from "../util/errors";
import { createId } from "../util/id";
import { parseInput } from "../util/validate";
import { ReportStore } from "./report.dynamo";
import {
  CreateInput,
  DismissInput,
  type Info,
  type QueueEntry,
  ReportClosedError,
  ReportTargetNotFoundError,
  type Target,
  targetOfQueueId,
} from "./schema";

export * from "./schema";

/** The guide a guide or card target lives in. */
const guideIdOf = (target: Target) =>
  target.type === "guide" ? target.id : target.type === "card" ? target.id.split(":")[0] : undefined;

/** Whether the reported thing exists and the public can see it (what a reporter could have seen). */
async function exists(target: Target): Promise<boolean> {
  switch (target.type) {
    case "guide":
      return (await Guide.getPublic(target.id)) !== undefined;
    case "card": {
      const [guideId, index] = target.id.split(":");
      const guide = guideId && index !== undefined ? await Guide.getPublic(guideId) : undefined;
      return guide !== undefined && Number(index) < guide.items.length;
    }
    case "creator": {
      const user = await User.get(target.id).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
      return user?.role === "creator";
    }
    case "groupbuy":
      return (await GroupBuy.getInternal(target.id)) !== undefined;
  }
}

/**
 * Anyone signed in reports a guide, creator, product card or group-buy, at most one open report per person
 * and item (409 `report_exists`); the route rate-limits it. The item must exist and be public (404).
 */
export async function create(actor: Actor, input: CreateInput): Promise<Info> {
  const user = Actor.requireUser(actor);
  const { target, reason, note } = parseInput(CreateInput, input);
  if (!(await exists(target))) throw new ReportTargetNotFoundError();
  const report: Info = {
    id: createId("rpt"),
    target,
    reason,
    ...(note ? { note } : {}),
    reporterId: user.userId,
    createdAt: Clock.now().toISOString(),
    status: "open",
  };
  await ReportStore.open(report);
  return report;
}

/** The admins' queue: reported items with open reports, the longest waiting first, 50 a page. */
export async function queue(actor: Actor, cursor?: string): Promise<Page<QueueEntry>> {
  Actor.requireRole(actor, "admin");
  const page = await ReportStore.queue(cursor);
  const guides = new Map(
    (await Guide.getMany(page.items.flatMap((entry) => guideIdOf(entry.target) ?? []))).map((guide) => [
      guide.id,
      guide,
    ]),
  );
  const items = await Promise.all(
    page.items.map(async (entry): Promise<QueueEntry> => {
      const guideId = guideIdOf(entry.target);
      const guide = guideId ? guides.get(guideId) : undefined;
      if (guideId) {
        const index = entry.target.type === "card" ? Number(entry.target.id.split(":")[1]) : undefined;
        const label = index === undefined ? guide?.title : guide?.items[index]?.title;
        return { ...entry, label: label ?? null, guideId, hidden: guide?.hidden ?? false };
      }
      if (entry.target.type === "creator") {
        const user = await User.get(entry.target.id).catch(() => undefined);
        return { ...entry, label: user ? `@${user.handle}` : null };
      }
      return { ...entry, label: null };
    }),
  );
  return { items, nextCursor: page.nextCursor };
}

/**
 * What an admin action on a reported item writes in its own transaction (the queue entry closing), and what
 * follows it (the open reports deleted, so their reporters may report the item again).
 */
export function closing(target: Target): {
  item: ReturnType<typeof ReportStore.closeQueue>;
  after: (closedAt: string) => Promise<void>;
} {
  return {
    item: ReportStore.closeQueue(target, false),
    after: (closedAt) => ReportStore.deleteReports(target, closedAt),
  };
}

/** An admin dismisses every open report on an item (nothing wrong with it), with the audit entry. */
export async function dismiss(actor: Actor, queueId: string, input: DismissInput): Promise<{ id: string }> {
  Actor.requireRole(actor, "admin");
  const { reason } = parseInput(DismissInput, input);
  const target = targetOfQueueId(queueId);
  if (!target) throw new ReportClosedError();
  const audit = Audit.put(actor, {
    action: "report_dismissed",
    target: { type: "report", id: queueId },
    reason,
  });
  const closedAt = Clock.now().toISOString();
  if (!(await ReportStore.transact([ReportStore.closeQueue(target, true), audit], 0)))
    throw new ReportClosedError();
  await ReportStore.deleteReports(target, closedAt);
  return { id: queueId };
}

/**
 * An admin hides a guide and so resolves its open reports: the hide, the audit entry and the queue entry's
 * closing in one transaction, then the reports themselves.
 */
export async function hideGuide(
  actor: Actor,
  guideId: string,
  input: Guide.ModerateInput,
): Promise<Guide.Info> {
  const close = closing({ type: "guide", id: guideId });
  // Taken before the write: a report committed after it keeps the queue entry it re-creates.
  const closedAt = Clock.now().toISOString();
  const hidden = await Guide.hide(actor, guideId, input, [close.item]);
  await close.after(closedAt);
  return hidden;
}
