import { AsyncLocalStorage } from "node:async_hooks";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import * as names from "./names";

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
  export const NAMESPACE = names.NAMESPACE;
  export const SERVICE = names.SERVICE;
  export const Metric = names.Metric;
  export type MetricName = names.MetricName;
  export type Unit = "Count" | "Milliseconds";

  const root = new Logger({ serviceName: SERVICE });
  const scoped = new AsyncLocalStorage<Logger>();

  /**
   * The logger for the work in progress: inside `withCorrelation`, a child carrying its correlation ids on
   * every line; elsewhere the root. Concurrent work (the local runner's requests, stream and timers) keeps
   * its own ids.
   */
  export const log = {
    debug: (message: string, extra: Record<string, unknown> = {}) => current().debug(message, extra),
    info: (message: string, extra: Record<string, unknown> = {}) => current().info(message, extra),
    warn: (message: string, extra: Record<string, unknown> = {}) => current().warn(message, extra),
    error: (message: string, extra: Record<string, unknown> = {}) => current().error(message, extra),
  };

  function current(): Logger {
    return scoped.getStore() ?? root;
  }

  /** Sets the level of every line from now on (tests raise it from the quiet default they run with). */
  export function setLogLevel(level: "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT"): void {
    root.setLogLevel(level);
  }

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
    const single = new Metrics({ namespace: NAMESPACE, serviceName: SERVICE, logger: root }).singleMetric();
    for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
    single.addMetric(name, unit === "Count" ? MetricUnit.Count : MetricUnit.Milliseconds, value);
  }

  /**
   * Runs `work` with correlation ids (the stream event id, the job run id) on every line it logs, however
   * deep, through a child logger held for that async context only.
   */
  export function withCorrelation<T>(keys: Record<string, string>, work: () => Promise<T>): Promise<T> {
    return scoped.run(current().createChild({ persistentKeys: keys }), work);
  }

  /** Poison items set aside for a person (the stream's and jobs' parking); the ParkedItems alarm watches this. */
  export function parked(count = 1): void {
    metric(Metric.ParkedItems, "Count", count);
  }
}
