import { Metric, NAMESPACE, SERVICE } from "@shopguide/core/telemetry/names";

/**
 * The redirect's one metric, as a hand-written CloudWatch EMF line: the same namespace, dimension and name
 * as the telemetry module's, without loading Powertools into the hot path's bundle. Quiet where Powertools
 * metrics are (POWERTOOLS_METRICS_DISABLED, as the tests run).
 */
export function clickRecorded(): void {
  if (process.env.POWERTOOLS_METRICS_DISABLED === "true") return;
  const line = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: NAMESPACE,
          Dimensions: [["service"]],
          Metrics: [{ Name: Metric.ClicksRecorded, Unit: "Count" }],
        },
      ],
    },
    service: SERVICE,
    [Metric.ClicksRecorded]: 1,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
