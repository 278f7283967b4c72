import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/**
 * Structured logs and business metrics (CloudWatch EMF) through Powertools, one way for the API, the stream
 * consumer, the jobs and the local runner. Not for the redirect: its cold start is a product figure, so it
 * keeps its own few lines (packages/functions/src/redirect.ts) in the same shape.
 *
 * Both write JSON lines to stdout; in Lambda, CloudWatch turns every `_aws` line into metrics. Tests quiet
 * them through POWERTOOLS_LOG_LEVEL and POWERTOOLS_METRICS_DISABLED (vitest.config.ts).
 */
export namespace Telemetry {
  /** The CloudWatch namespace and the `service` dimension every metric carries; infra alarms on these. */
  export const NAMESPACE = "shopguide";
  export const SERVICE = "shopguide";

  /** Every business metric by name, with its dimensions. infra/monitoring.ts builds alarms and graphs on them. */
  export const Metric = {
    /** Clicks written by the redirect; dims: none. */
    ClicksRecorded: "ClicksRecorded",
    /** Conversions reported; dims: door (api, test, shopify, stripe), outcome (recorded, duplicate, rejected). */
    Conversions: "Conversions",
    /** Commission state changes seen on the stream; dims: state. */
    Commissions: "Commissions",
    /** Group-buy join attempts; dims: outcome (joined, full, closed, ...). */
    GroupBuyJoins: "GroupBuyJoins",
    /** Outgoing webhook attempts; dims: outcome (delivered, failed). */
    WebhookDeliveries: "WebhookDeliveries",
    /** One scheduled run; dims: job. Value in milliseconds. */
    JobDuration: "JobDuration",
    /** Items a scheduled run processed; dims: job. */
    JobItemsProcessed: "JobItemsProcessed",
    /** Scheduled runs that threw; dims: job. */
    JobFailures: "JobFailures",
    /** Stream or job items set aside after repeated failure (poison items); dims: source. */
    ParkedItems: "ParkedItems",
  } as const;
  export type MetricName = (typeof Metric)[keyof typeof Metric];
  export type Unit = "Count" | "Milliseconds";

  export const log = new Logger({ serviceName: SERVICE });

  /**
   * Publishes one metric at once as its own EMF line, with `service` and the given dimensions. Publishing
   * per call keeps concurrent requests' dimensions apart, which a shared buffer would mix.
   */
  export function metric(
    name: MetricName,
    unit: Unit,
    value: number,
    dimensions: Record<string, string> = {},
  ) {
    const single = new Metrics({ namespace: NAMESPACE, serviceName: SERVICE, logger: log }).singleMetric();
    for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
    single.addMetric(name, unit === "Count" ? MetricUnit.Count : MetricUnit.Milliseconds, value);
  }

  /**
   * Runs `work` with a correlation id on every log line it writes (the request id, the stream event id, the
   * job run id), then removes it. Lambda runs one invocation per process at a time, so keys on the one
   * logger are safe there; in the local runner concurrent requests may briefly share them.
   */
  export async function withCorrelation<T>(keys: Record<string, string>, work: () => Promise<T>): Promise<T> {
    log.appendKeys(keys);
    try {
      return await work();
    } finally {
      log.removeKeys(Object.keys(keys));
    }
  }
}
