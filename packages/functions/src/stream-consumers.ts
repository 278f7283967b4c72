import { Click } from "@shopguide/core/click";
import { config } from "@shopguide/core/config";
import { Discovery } from "@shopguide/core/discovery";
import { Feed } from "@shopguide/core/feed";
import { GroupBuy } from "@shopguide/core/groupbuy";
import { Guide } from "@shopguide/core/guide";
import { Notification } from "@shopguide/core/notification";
import { Search } from "@shopguide/core/search";
import { Stats } from "@shopguide/core/stats";
import { Telemetry } from "@shopguide/core/telemetry";
import { Clock } from "@shopguide/core/util/clock";
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

/** Publishing lists the creator in the directory (and the categories of the guide's tags). */
async function syncDirectoryFromGuide(change: ChangeEvent): Promise<void> {
  await Discovery.onGuideChange(Guide.fromImage(change.oldImage), Guide.fromImage(change.newImage));
}

const DirectoryProfileImage = z.object({
  userId: z.string(),
  followerCount: z.number().int().default(0),
  suspendedAt: z.string().optional(),
});

/** A creator's directory entries follow their follower bucket and their suspension. */
async function syncDirectoryFromProfile(change: ChangeEvent): Promise<void> {
  const parse = (image: Record<string, unknown> | undefined) =>
    image ? DirectoryProfileImage.parse(image) : undefined;
  await Discovery.onProfileChange(parse(change.oldImage), parse(change.newImage));
}

/** A guide's search entries follow its published, hidden and engagement state (search/, AP230-AP232). */
async function indexGuide(change: ChangeEvent): Promise<void> {
  await Search.onGuideChange(change.oldImage, change.newImage);
}

const UserIdImage = z.object({ userId: z.string() });
const UserImage = z.object({ id: z.string() });

/** Profile attributes search does not show: a change of only these (every follow a user makes) is skipped. */
const UNSEARCHED_PROFILE = new Set(["followingCount", "fanoutMode", "fanoutModeAt"]);

/** A creator is found by handle, name and bio; suspension (on both items) takes them out. */
async function indexCreatorProfile(change: ChangeEvent): Promise<void> {
  const { userId } = UserIdImage.parse(change.newImage ?? change.oldImage);
  const before = change.oldImage ?? {};
  const after = change.newImage ?? {};
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  if (change.name === "MODIFY" && changed.every((key) => UNSEARCHED_PROFILE.has(key))) return;
  await Search.onCreatorChange(userId, change.newImage);
}

async function indexCreatorUser(change: ChangeEvent): Promise<void> {
  const { id } = UserImage.parse(change.newImage ?? change.oldImage);
  await Search.onCreatorChange(id, change.newImage);
}

/** Catalogue products are found by name, SKU and brand. */
async function indexProduct(change: ChangeEvent): Promise<void> {
  const { id } = UserImage.parse(change.newImage ?? change.oldImage);
  await Search.onProductChange(change.newImage, id);
}

/** A brand's rename re-indexes its products, a page per task record (search/, AP330). */
async function reindexRenamedBrand(change: ChangeEvent): Promise<void> {
  await Search.onBrandChange(change.oldImage, change.newImage, change.id);
}

async function reindexBrandPage(change: ChangeEvent): Promise<void> {
  await Search.onBrandReindex(change.newImage);
}

consumers.guide = [syncGuideTags, syncGuideFeeds, syncGuideTrend, syncDirectoryFromGuide, indexGuide];
consumers.profile = [syncCreatorSize, syncDirectoryFromProfile, indexCreatorProfile];
consumers.user = [indexCreatorUser];
consumers.product = [indexProduct];
consumers.brand = [...(consumers.brand ?? []), reindexRenamedBrand];
consumers.search_reindex = [reindexBrandPage];
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

/** A fresh feed entry older than this is a follow's backfill, not news: no notification. */
const NEWS_SECONDS = 86_400;

const FeedEntryImage = z.object({ followerId: z.string(), guideId: z.string(), position: z.string() });

/**
 * A followed creator published a guide. Fan-out already follows the feed's hybrid rule: a feed entry is
 * written only for followers of creators below the fan-out threshold, so notifying per entry pushes to
 * exactly those; followers of very large creators see the guide in their feed at read time instead.
 */
async function notifyGuidePublished(change: ChangeEvent): Promise<void> {
  if (change.name !== "INSERT") return;
  const entry = FeedEntryImage.parse(change.newImage);
  const publishedAt = entry.position.slice(0, entry.position.indexOf("#"));
  if (Date.parse(publishedAt) < Clock.nowMs() - NEWS_SECONDS * 1000) return;
  const [guide] = await Guide.getMany([entry.guideId]);
  if (!guide) return;
  await Notification.notify(entry.followerId, {
    kind: "guide_published",
    source: entry.guideId,
    at: publishedAt,
    title: `New guide from @${guide.creator.handle}`,
    body: guide.title,
    link: `/guides/${guide.id}`,
  });
}

consumers.feed_entry = [notifyGuidePublished];

const ParticipationImage = z.object({
  groupbuyId: z.string(),
  userId: z.string(),
  joinedAt: z.string(),
  code: z.string().optional(),
});

/** A joined group-buy succeeded: the participation just received its personal code. */
async function notifyGroupBuyCode(change: ChangeEvent): Promise<void> {
  if (change.name !== "MODIFY") return;
  const before = ParticipationImage.parse(change.oldImage);
  const after = ParticipationImage.parse(change.newImage);
  if (before.code || !after.code) return;
  const groupbuy = await GroupBuy.getInternal(after.groupbuyId);
  await Notification.notify(after.userId, {
    kind: "groupbuy_succeeded",
    source: `${after.groupbuyId}:${after.code}`,
    // From the records, never the clock: a redelivery must produce the same id.
    at: groupbuy?.settledAt ?? groupbuy?.deadline ?? after.joinedAt,
    title: `Group-buy succeeded: ${groupbuy?.name ?? "your group-buy"}`,
    body: `Your personal code is ${after.code}. Redeem it at the brand's store.`,
    link: `/groupbuys/${after.groupbuyId}`,
  });
}

consumers.groupbuy_participation = [notifyGroupBuyCode];

const GroupBuyImage = z.object({ id: z.string(), status: z.string(), codesIssuedAt: z.string().optional() });

/**
 * A group-buy that just succeeded gets its codes here rather than in the join that took the last seat, so
 * that join answers at once. The first pages of participants only, within the stream's fan-out budget
 * (at least one page): issuing is idempotent per participant, and the settle job finishes the rest.
 */
async function issueGroupBuyCodes(change: ChangeEvent): Promise<void> {
  if (change.name === "REMOVE" || !change.newImage) return;
  const after = GroupBuyImage.safeParse(change.newImage);
  if (!after.success || after.data.status !== "succeeded" || after.data.codesIssuedAt) return;
  await GroupBuy.settle(after.data.id, { budgetMs: config().groupbuyFanoutStreamMs });
}

consumers.groupbuy = [issueGroupBuyCodes];

/** A group-buy that failed, or is one person short of its next tier, tells its participants. */
async function notifyGroupBuyChange(change: ChangeEvent): Promise<void> {
  if (change.name === "MODIFY") await Notification.Produce.onGroupBuyChange(change.oldImage, change.newImage);
}

/** A new application tells the brand; a decision tells the creator. */
async function notifyEnrollmentChange(change: ChangeEvent): Promise<void> {
  await Notification.Produce.onEnrollmentChange(change.oldImage, change.newImage);
}

/** A commission approved or reversed tells its creator. */
async function notifyCommissionChange(change: ChangeEvent): Promise<void> {
  await Notification.Produce.onConversionChange(change.oldImage, change.newImage);
}

/** A statement approved or paid tells its creator; a disputed line tells the creator and the brand. */
async function notifyStatementChange(change: ChangeEvent): Promise<void> {
  await Notification.Produce.onStatementChange(change.oldImage, change.newImage);
}

/** A webhook delivery that gave up tells the endpoint's owner. */
async function notifyWebhookFailing(change: ChangeEvent): Promise<void> {
  if (change.name === "MODIFY")
    await Notification.Produce.onWebhookDeliveryChange(change.oldImage, change.newImage);
}

consumers.groupbuy = [...(consumers.groupbuy ?? []), notifyGroupBuyChange];
consumers.enrollment = [...(consumers.enrollment ?? []), notifyEnrollmentChange];
consumers.conversion = [...(consumers.conversion ?? []), notifyCommissionChange];
consumers.statement = [...(consumers.statement ?? []), notifyStatementChange];
consumers.webhook_outbox = [...(consumers.webhook_outbox ?? []), notifyWebhookFailing];
