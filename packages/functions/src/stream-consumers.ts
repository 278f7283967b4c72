import { Click } from "@shopguide/core/click";
import { Feed } from "@shopguide/core/feed";
import { Guide } from "@shopguide/core/guide";
import { Stats } from "@shopguide/core/stats";
import { Telemetry } from "@shopguide/core/telemetry";
import { Webhook } from "@shopguide/core/webhook";
import { z } from "zod";

/** One table change, unmarshalled; `type` is the item's entity type. */
export interface ChangeEvent {
  /** The stream's event id: stable across redelivery, usable as an idempotency key. */
  id: string;
  name: "INSERT" | "MODIFY" | "REMOVE";
  type: string;
  newImage: Record<string, unknown> | undefined;
  oldImage: Record<string, unknown> | undefined;
}

export type Consumer = (change: ChangeEvent) => Promise<void>;

/**
 * Side effects that follow a write, one list per item type (counters, feed fan-out, webhooks out). Each
 * domain's consumers are registered here as they land.
 */
export const consumers: Partial<Record<string, Consumer[]>> = {};

/** A guide's tag index entries follow its published state and tags. */
async function syncGuideTags(change: ChangeEvent): Promise<void> {
  await Guide.syncTagIndex(Guide.fromImage(change.oldImage), Guide.fromImage(change.newImage));
}

/** Publish fans out, unpublish / delete / re-publish retracts from every feed. */
async function syncGuideFeeds(change: ChangeEvent): Promise<void> {
  await Feed.onGuideChange(Guide.fromImage(change.oldImage), Guide.fromImage(change.newImage));
}

const FollowImage = z.object({ followerId: z.string(), creatorId: z.string() });

/** Following backfills the creator's recent guides; unfollowing removes them. */
async function syncFollowFeed(change: ChangeEvent): Promise<void> {
  if (change.name === "INSERT") {
    const follow = FollowImage.parse(change.newImage);
    await Feed.onFollow(follow.followerId, follow.creatorId);
  } else if (change.name === "REMOVE") {
    const follow = FollowImage.parse(change.oldImage);
    await Feed.onUnfollow(follow.followerId, follow.creatorId);
  }
}

const CreatorSizeImage = z.object({
  userId: z.string(),
  followerCount: z.number().int().default(0),
  fanoutMode: z.enum(["push", "pull"]).optional(),
  fanoutModeAt: z.string().optional(),
});

/** A creator's fan-out mode follows their size (with hysteresis); pull → push backfills followers' feeds. */
async function syncCreatorSize(change: ChangeEvent): Promise<void> {
  if (change.name !== "MODIFY") return;
  await Feed.onCreatorResized(
    CreatorSizeImage.parse(change.oldImage),
    CreatorSizeImage.parse(change.newImage),
  );
}

/** Publishing, likes and saves move the guide's trending heat; unpublishing takes it out. */
async function syncGuideTrend(change: ChangeEvent): Promise<void> {
  await Feed.onGuideEngagement(Guide.fromImage(change.oldImage), Guide.fromImage(change.newImage));
  // Guides written before issue 13 still sit in the per-day index; their next change takes them out of it.
  if (change.newImage && String(change.newImage.gsi3pk ?? "").startsWith("PUBDAY#"))
    await Guide.leaveDayIndex(String(change.newImage.id));
}

consumers.guide = [syncGuideTags, syncGuideFeeds, syncGuideTrend];
consumers.profile = [syncCreatorSize];
consumers.follow = [syncFollowFeed];
/**
 * Every new click lands in its counters exactly once. The stream handler counts a batch's new clicks
 * together (stream-batch.ts, `Stats.aggregate`); this per-record form is what an admin's replay of a parked
 * click runs.
 */
async function countClick(change: ChangeEvent): Promise<void> {
  if (change.name !== "INSERT" || !change.newImage) return;
  const counted = await Stats.aggregate([Click.Info.parse(change.newImage)]);
  await Feed.onClicksCounted(counted.guideClicks);
}

consumers.click = [countClick];

/** A commission's transitions become `commission.*` webhooks, once per transition (stable event ids). */
async function publishCommissionEvents(change: ChangeEvent): Promise<void> {
  await Webhook.onConversionChange(change.oldImage, change.newImage);
}

/** A statement's status changes become `statement.*` webhooks, once per change. */
async function publishStatementEvents(change: ChangeEvent): Promise<void> {
  await Webhook.onStatementChange(change.oldImage, change.newImage);
}

const CommissionStatus = z.object({ commission: z.object({ status: z.string() }).optional() });

/** Counts each commission entering a state (the Commissions metric, by state); writes nothing. */
async function countCommissionState(change: ChangeEvent): Promise<void> {
  const before = CommissionStatus.safeParse(change.oldImage ?? {}).data?.commission?.status;
  const after = CommissionStatus.safeParse(change.newImage ?? {}).data?.commission?.status;
  if (after && after !== before) Telemetry.metric(Telemetry.Metric.Commissions, "Count", 1, { state: after });
}

consumers.conversion = [publishCommissionEvents, countCommissionState];
consumers.statement = [publishStatementEvents];
