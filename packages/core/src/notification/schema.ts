import * as z from "zod";

/** What a notification is about; each has its own line in the person's preferences (to come). */
export const Kind = z.enum(["guide_published", "groupbuy_succeeded", "groupbuy_failed"]);
export type Kind = z.infer<typeof Kind>;

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
