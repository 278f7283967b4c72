import * as z from "zod";
import { Brand } from "../brand";
import { Campaign } from "../campaign";
import { config } from "../config";
import { Conversion } from "../conversion";
import { GroupBuy } from "../groupbuy";
import { Statement } from "../statement";
import { format } from "../util/money";
import { commissionChange, statementChange } from "../webhook/events";
import { notify, notifyAll } from "./notify";

/**
 * What each table change means to whom: the stream consumers hand over an item's old and new images, and
 * these decide the notifications. Every source and time comes from the records, never the clock, so a
 * redelivered or replayed record names the same notifications (Notification.notify writes each once).
 */
type Image = Record<string, unknown> | undefined;

const parsed = <T>(schema: z.ZodType<T>, image: Image): T | undefined =>
  image ? schema.safeParse(image).data : undefined;

const price = (amount: number, currency: string) => format({ amount, currency });

/**
 * A group-buy that failed tells everyone in it; one that is a person short of its next tier, too. Up to
 * 100 000 people: the stream does the first pages, the settle job the rest (groupbuy/fanout.ts).
 */
export async function onGroupBuyChange(oldImage: Image, newImage: Image): Promise<void> {
  const before = parsed(GroupBuy.Info, oldImage);
  const after = parsed(GroupBuy.Info, newImage);
  if (!before || !after) return;
  if (before.status === "open" && after.status === "failed") {
    await GroupBuy.notifyParticipants(
      after.id,
      {
        kind: "groupbuy_failed",
        source: after.id,
        at: after.cancelledAt ?? after.settledAt ?? after.deadline,
        title: `Group-buy did not go ahead: ${after.name}`,
        body: after.cancelledAt
          ? "The brand cancelled it. Nothing is owed and no code is issued."
          : `It needed ${after.minParticipants} people by its deadline. Nothing is owed and no code is issued.`,
        link: `/groupbuys/${after.id}`,
      },
      config().groupbuyFanoutStreamMs,
    );
    return;
  }
  if (after.status !== "open" || after.participants === before.participants) return;
  const tierIndex = after.tiers.findIndex((tier) => tier.participants > after.participants);
  const tier = after.tiers[tierIndex];
  if (!tier || tier.participants - after.participants !== 1) return;
  // Once per tier: people leaving and joining around the same count do not say it again.
  await GroupBuy.notifyParticipants(
    after.id,
    {
      kind: "groupbuy_next_tier",
      source: `${after.id}:${tierIndex}`,
      at: after.deadline,
      title: `One more person unlocks ${price(tier.price.amount, tier.price.currency)}: ${after.name}`,
      body: "Share the group-buy: one more participant and everyone pays the lower price.",
      link: `/groupbuys/${after.id}`,
    },
    config().groupbuyFanoutStreamMs,
  );
}

/** A creator's application: the brand hears of a new one to decide; the creator hears the decision. */
export async function onEnrollmentChange(oldImage: Image, newImage: Image): Promise<void> {
  const before = parsed(Campaign.Enrollment, oldImage);
  const after = parsed(Campaign.Enrollment, newImage);
  if (!after) return;
  if (!before && after.status === "pending") {
    await notifyAll(await Brand.managerIds(after.brandId), {
      kind: "brand_application",
      source: `${after.campaignId}:${after.creatorId}:${after.createdAt}`,
      at: after.createdAt,
      title: `New application to ${after.campaignName}`,
      body: `@${after.handle} applied to join the campaign.`,
      link: `/brand/${after.brandId}?tab=campaigns`,
    });
    return;
  }
  if (before?.status !== "pending" || (after.status !== "approved" && after.status !== "declined")) return;
  const approved = after.status === "approved";
  await notify(after.creatorId, {
    kind: approved ? "application_approved" : "application_declined",
    source: `${after.campaignId}:${after.createdAt}`,
    at: after.decidedAt ?? after.createdAt,
    title: `Application ${approved ? "approved" : "declined"}: ${after.campaignName}`,
    body: approved
      ? "You can now earn commission in this campaign."
      : "The brand declined your application to this campaign.",
    link: "/campaigns",
  });
}

/** A commission approved (the hold ended) or reversed (refunded or rejected): its creator hears. */
export async function onConversionChange(oldImage: Image, newImage: Image): Promise<void> {
  const after = parsed(Conversion.Info, newImage);
  const derived = commissionChange(parsed(Conversion.Info, oldImage), after);
  if (!after?.creatorId || !after.commission || !derived) return;
  const approved = derived.type === "commission.approved";
  if (!approved && derived.type !== "commission.reversed") return;
  const written = (await Conversion.history(after.id)).find((event) => event.seq === derived.version);
  const amount = price(after.commission.amount.amount, after.commission.amount.currency);
  const campaign = after.campaignName ?? "a campaign";
  await notify(after.creatorId, {
    kind: approved ? "commission_approved" : "commission_reversed",
    source: derived.id,
    at: written?.at ?? after.receivedAt,
    title: approved ? `Commission approved: ${amount}` : `Commission reversed: ${campaign}`,
    body: approved
      ? `Order ${after.orderId} in ${campaign}: it goes onto your next statement.`
      : `Order ${after.orderId} was refunded or rejected${written?.reason ? ` (${written.reason})` : ""}.`,
    link: "/earnings",
  });
}

/**
 * A statement approved or paid: its creator hears. A disputed line: the creator and the brand's other
 * managers (the one who disputed it knows).
 */
export async function onStatementChange(oldImage: Image, newImage: Image): Promise<void> {
  const before = parsed(Statement.Header, oldImage);
  const after = parsed(Statement.Header, newImage);
  if (!after) return;
  const last = after.events.at(-1);
  const payable = price(after.payable, after.currency);
  const brand = after.brand?.name ?? "the brand";
  const derived = statementChange(before, after);
  if (derived?.type === "statement.approved" || derived?.type === "statement.paid") {
    const paid = derived.type === "statement.paid";
    await notify(after.creatorId, {
      kind: paid ? "statement_paid" : "statement_approved",
      source: derived.id,
      at: last?.at ?? after.period.end,
      title: paid ? `Statement paid: ${payable}` : `Statement approved: ${payable}`,
      body: paid
        ? `${brand} paid your statement for ${after.period.start} to ${after.period.end} (reference ${after.paid?.reference ?? "given"}).`
        : `${brand} approved your statement for ${after.period.start} to ${after.period.end}.`,
      link: "/payouts",
    });
  }
  if (!before || !last || last.kind !== "disputed" || after.events.length <= before.events.length) return;
  const notice = {
    kind: "line_disputed" as const,
    source: `${after.id}:${after.version}`,
    at: last.at,
    title: `A statement line was disputed: @${after.creator.handle}`,
    body: `${last.detail ?? "A line"}. The commission goes back to review.`,
  };
  await notify(after.creatorId, { ...notice, link: "/payouts" });
  // `by` is the disputing member's handle (the statement's history names people by handle).
  await notifyAll(await Brand.managerIds(after.brandId, last.by), {
    ...notice,
    link: `/brand/${after.brandId}?tab=payouts`,
  });
}

const FailedDelivery = z.object({
  endpointId: z.string(),
  status: z.string(),
  failedAt: z.string().optional(),
  ownerKind: z.enum(["brand", "creator"]),
  ownerId: z.string(),
});

/**
 * A webhook delivery that gave up (every retry failed): the endpoint's owner hears, at most once per
 * endpoint and day however many deliveries fail that day.
 */
export async function onWebhookDeliveryChange(oldImage: Image, newImage: Image): Promise<void> {
  const before = parsed(FailedDelivery, oldImage);
  const after = parsed(FailedDelivery, newImage);
  if (after?.status !== "failed" || before?.status === "failed") return;
  const day = (after.failedAt ?? "").slice(0, 10);
  const notice = {
    kind: "webhook_failing" as const,
    source: `${after.endpointId}:${day}`,
    at: `${day}T00:00:00.000Z`,
    title: "A webhook endpoint is failing",
    body: "An event could not be delivered after every retry. Check the endpoint's deliveries.",
  };
  if (after.ownerKind === "creator") await notify(after.ownerId, { ...notice, link: "/studio" });
  else
    await notifyAll(await Brand.managerIds(after.ownerId), {
      ...notice,
      link: `/brand/${after.ownerId}?tab=integrations`,
    });
}
