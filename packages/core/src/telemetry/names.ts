/**
 * The metric namespace, `service` dimension and metric names, apart from the Powertools-based module so the
 * redirect (which must not load Powertools) and infra's alarms can use them too.
 */
export const NAMESPACE = "shopguide";
export const SERVICE = "shopguide";

/** Every business metric by name, with its dimensions. infra/monitoring.ts builds alarms and graphs on them. */
export const Metric = {
  /** Clicks written by the redirect; dims: none. */
  ClicksRecorded: "ClicksRecorded",
  /** Conversions reported; dims: door (api, test, shopify, stripe), outcome (recorded, replayed_or_refund, refund_unmatched, or the error code). */
  Conversions: "Conversions",
  /** Commissions entering a state, seen on the stream; dims: state. */
  Commissions: "Commissions",
  /** Group-buy join attempts; dims: outcome (joined, or the refusal's error code). */
  GroupBuyJoins: "GroupBuyJoins",
  /** Outgoing webhook attempts; dims: outcome (delivered, failed). */
  WebhookDeliveries: "WebhookDeliveries",
  /** One scheduled run; dims: job. Value in milliseconds. */
  JobDuration: "JobDuration",
  /** Items a scheduled run processed; dims: job. */
  JobItemsProcessed: "JobItemsProcessed",
  /** Scheduled runs that threw; dims: job. */
  JobFailures: "JobFailures",
  /** Stream or job items set aside after repeated failure (poison items); dims: none (the alarm reads it so). */
  ParkedItems: "ParkedItems",
} as const;
export type MetricName = (typeof Metric)[keyof typeof Metric];
