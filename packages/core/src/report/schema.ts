/**
 * Report schemas, types and errors: what the domain (index.ts) and its store (report.dynamo.ts) share.
 */
import * as z from "zod";
import { AppError, NotFoundError } from "../util/errors";

export const TargetType = z.enum(["guide", "creator", "card", "groupbuy"]);
export type TargetType = z.infer<typeof TargetType>;

/**
 * What is reported. `id`: a guide id, a creator's user id, a group-buy id, or for a product card
 * `<guideId>:<card index>` (cards have no ids of their own).
 */
export const Target = z.object({
  type: TargetType,
  id: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .regex(/^[A-Za-z0-9_]+(:\d{1,2})?$/, { error: "Not an id" }),
});
export type Target = z.infer<typeof Target>;

export const Reason = z.enum(["spam", "scam", "counterfeit", "offensive", "other"]);
export type Reason = z.infer<typeof Reason>;

export const CreateInput = z.object({
  target: Target,
  reason: Reason,
  note: z.string().trim().max(1000).optional(),
});
export type CreateInput = z.input<typeof CreateInput>;

/** One person's open report on one item. */
export const Info = z.object({
  id: z.string(),
  target: Target,
  reason: Reason,
  note: z.string().optional(),
  reporterId: z.string(),
  createdAt: z.string(),
  status: z.literal("open"),
});
export type Info = z.infer<typeof Info>;

/**
 * One reported item in the admins' queue: its open reports counted, with the reasons given. `id` is
 * `<type>:<target id>`, what the dismiss route takes.
 */
export const QueueEntry = z.object({
  id: z.string(),
  target: Target,
  openCount: z.number().int(),
  reasons: z.array(Reason),
  firstReportedAt: z.string(),
  lastReportedAt: z.string(),
  /** What the admin reads to recognise the item: a guide's or card's title, a handle. */
  label: z.string().nullable(),
  /** For a guide (or a card's guide): hidden already. */
  hidden: z.boolean().optional(),
  /** For guides and cards: the guide to hide. */
  guideId: z.string().optional(),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

export const DismissInput = z.object({ reason: z.string().trim().min(1).max(500) });
export type DismissInput = z.input<typeof DismissInput>;

export class ReportExistsError extends AppError {
  constructor() {
    super("conflict", "report_exists", "You already reported this; an admin will look at it");
  }
}

export class ReportTargetNotFoundError extends NotFoundError {
  constructor() {
    super("The reported item", "report_target_not_found");
  }
}

export class ReportClosedError extends AppError {
  constructor() {
    super(
      "conflict",
      "report_closed",
      "This item has no open reports; it was dismissed or acted on meanwhile",
    );
  }
}

export const queueIdOf = (target: Target) => `${target.type}:${target.id}`;

/** The target a queue id names, or undefined for anything else. */
export function targetOfQueueId(id: string): Target | undefined {
  const colon = id.indexOf(":");
  if (colon < 0) return undefined;
  const parsed = Target.safeParse({ type: id.slice(0, colon), id: id.slice(colon + 1) });
  return parsed.success ? parsed.data : undefined;
}
