import * as z from "zod";

/** What a notification is about; each has its own line in the person's preferences. */
export const Kind = z.enum([
  // followers
  "guide_published",
  "groupbuy_succeeded",
  "groupbuy_failed",
  "groupbuy_next_tier",
  // creators
  "application_approved",
  "application_declined",
  "commission_approved",
  "commission_reversed",
  "statement_approved",
  "statement_paid",
  // brands (owners and admins); a disputed line also goes to its creator; webhooks to their owner
  "brand_application",
  "line_disputed",
  "webhook_failing",
]);
export type Kind = z.infer<typeof Kind>;

/**
 * Kinds about a purchase the person made (the group-buy's code, or that it is off): strictly transactional,
 * so their mail carries no unsubscribe headers. Every other kind's mail does.
 */
export const TRANSACTIONAL: ReadonlySet<Kind> = new Set<Kind>(["groupbuy_succeeded", "groupbuy_failed"]);

/**
 * Where one kind goes: the centre only (`in_app`), the centre and a mail each (`email`), nowhere (`off`).
 * Feed items may also go to the centre and one `digest` mail a day instead of a mail each.
 */
export const Channel = z.enum(["in_app", "email", "off"]);
export type Channel = z.infer<typeof Channel>;
export const FeedChannel = z.enum(["in_app", "email", "digest", "off"]);
export type FeedChannel = z.infer<typeof FeedChannel>;

/** A person's choice for every kind; stored choices over DEFAULTS. */
export const Preferences = z.object({
  guide_published: FeedChannel,
  groupbuy_succeeded: Channel,
  groupbuy_failed: Channel,
  groupbuy_next_tier: Channel,
  application_approved: Channel,
  application_declined: Channel,
  commission_approved: Channel,
  commission_reversed: Channel,
  statement_approved: Channel,
  statement_paid: Channel,
  brand_application: Channel,
  line_disputed: Channel,
  webhook_failing: Channel,
});
export type Preferences = z.infer<typeof Preferences>;

/**
 * Sensible defaults: what concerns money or a purchase is mailed; feed items go to the centre and the daily
 * digest; the chattier ones (a group-buy one person short, each approved commission) stay in the centre.
 */
export const DEFAULTS: Preferences = {
  guide_published: "digest",
  groupbuy_succeeded: "email",
  groupbuy_failed: "email",
  groupbuy_next_tier: "in_app",
  application_approved: "email",
  application_declined: "email",
  commission_approved: "in_app",
  commission_reversed: "email",
  statement_approved: "email",
  statement_paid: "email",
  brand_application: "email",
  line_disputed: "email",
  webhook_failing: "email",
};

/** `PUT /me/notification-preferences`: the kinds to change; unknown kinds and channels are refused. */
export const PreferencesInput = Preferences.partial().strict();
export type PreferencesInput = z.infer<typeof PreferencesInput>;

/** One notification in a person's centre, as the API shows it. */
export const Info = z.object({
  id: z.string(),
  kind: Kind,
  title: z.string(),
  body: z.string(),
  /** A path in the web app to open. */
  link: z.string(),
  /** When the thing happened (not when the notification was produced). */
  at: z.string(),
  read: z.boolean(),
});
export type Info = z.infer<typeof Info>;

export const ReadInput = z.object({
  /** The ids to mark read; none: every unread one. */
  ids: z.array(z.string().min(1).max(100)).max(100).optional(),
});
export type ReadInput = z.infer<typeof ReadInput>;

/** `POST /unsubscribe?token=`: the token a mail's List-Unsubscribe link carries. */
export const UnsubscribeQuery = z.object({ token: z.string().min(1).max(500) });
