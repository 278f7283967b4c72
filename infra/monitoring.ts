import { Duration } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Operation } from "aws-cdk-lib/aws-dynamodb";
import type { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { type StackContext, use } from "sst/constructs";
import * as Telemetry from "../packages/core/src/telemetry/names";
import { jobs } from "../packages/functions/src/schedule";
import { Api } from "./api";
import { Jobs } from "./jobs";
import { Mail } from "./mail";
import { suppressSstInternals } from "./nag";
import { Storage } from "./storage";

const FIVE_MINUTES = Duration.minutes(5);

/** A business metric as the telemetry module publishes it: namespace shopguide, `service` plus `dimensions`. */
function business(name: Telemetry.MetricName, dimensions: Record<string, string> = {}, statistic = "Sum") {
  return new Metric({
    namespace: Telemetry.NAMESPACE,
    metricName: name,
    dimensionsMap: { service: Telemetry.SERVICE, ...dimensions },
    statistic,
    period: FIVE_MINUTES,
  });
}

/** Every business metric of one name whatever its dimensions, for graphs (alarms cannot search). */
function search(name: Telemetry.MetricName, dimensions: string[], label: string) {
  return new MathExpression({
    expression: `SEARCH('{${Telemetry.NAMESPACE},${["service", ...dimensions].join(",")}} MetricName="${name}"', 'Sum', 300)`,
    usingMetrics: {},
    label,
    period: FIVE_MINUTES,
  });
}

/**
 * Alarms to one SNS topic (mailed to the stage's alarm address) and one dashboard. docs/operations.md says,
 * for each alarm, what it means and what to do.
 */
export function Monitoring({ stack, app }: StackContext) {
  const { table, settings } = use(Storage);
  const { api, apiFunction, redirect, streamConsumer, clickCounter, streamFailures } = use(Api);
  const { jobFunctions, jobFailures } = use(Jobs);
  const { mailEventsFunction } = use(Mail);

  const topic = new Topic(stack, "Alarms", {
    displayName: `shopguide ${app.stage} alarms`,
    enforceSSL: true,
  });
  if (settings.alarmEmail) topic.addSubscription(new EmailSubscription(settings.alarmEmail));
  const notify = new SnsAction(topic);

  const alarms: Alarm[] = [];
  function alarm(
    id: string,
    description: string,
    metric: IMetric,
    threshold: number,
    options: { periods?: number; datapoints?: number; lessThan?: boolean } = {},
  ): Alarm {
    const created = new Alarm(stack, id, {
      alarmName: `shopguide-${app.stage}-${id}`,
      alarmDescription: `${description} See docs/operations.md.`,
      metric,
      threshold,
      evaluationPeriods: options.periods ?? 1,
      datapointsToAlarm: options.datapoints ?? options.periods ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    created.addAlarmAction(notify);
    created.addOkAction(notify);
    alarms.push(created);
    return created;
  }

  // API golden signals, measured at the HTTP API.
  const httpApi = api.cdk.httpApi;
  alarm(
    "Api5xxRate",
    "More than 5% of API requests answered 5xx over 5 minutes (with at least 20 requests).",
    new MathExpression({
      expression: "IF(requests >= 20, errors / requests, 0)",
      usingMetrics: {
        errors: httpApi.metricServerError({ period: FIVE_MINUTES, statistic: "Sum" }),
        requests: httpApi.metricCount({ period: FIVE_MINUTES, statistic: "Sum" }),
      },
      period: FIVE_MINUTES,
      label: "5xx rate",
    }),
    0.05,
    { periods: 2, datapoints: 2 },
  );
  alarm(
    "ApiLatencyP99",
    "API p99 latency above 2 s for 15 minutes.",
    httpApi.metricLatency({ period: FIVE_MINUTES, statistic: "p99" }),
    2000,
    { periods: 3 },
  );

  // Every function: errors and throttles; the scheduled and stream ones also duration near the timeout.
  const functions: Array<{ id: string; fn: LambdaFunction; timeoutSeconds?: number; errors: number }> = [
    { id: "ApiFunction", fn: apiFunction, errors: 5 },
    { id: "Redirect", fn: redirect, errors: 5 },
    { id: "StreamConsumer", fn: streamConsumer, timeoutSeconds: 600, errors: 1 },
    { id: "ClickCounter", fn: clickCounter, timeoutSeconds: 600, errors: 1 },
    { id: "MailEventsFunction", fn: mailEventsFunction, errors: 1 },
    ...Object.entries(jobFunctions).map(([name, fn]) => ({
      id: `Job-${name}`,
      fn,
      timeoutSeconds: jobs[name]?.timeoutSeconds ?? fn.timeout?.toSeconds() ?? 10,
      errors: 1,
    })),
  ];
  for (const { id, fn, timeoutSeconds, errors } of functions) {
    alarm(
      `${id}-Errors`,
      `${id} invocations failed.`,
      fn.metricErrors({ period: FIVE_MINUTES, statistic: "Sum" }),
      errors,
    );
    alarm(
      `${id}-Throttles`,
      `${id} invocations were throttled.`,
      fn.metricThrottles({ period: FIVE_MINUTES, statistic: "Sum" }),
      1,
    );
    if (timeoutSeconds) {
      alarm(
        `${id}-NearTimeout`,
        `${id} ran for more than 80% of its ${timeoutSeconds} s timeout.`,
        fn.metricDuration({ period: FIVE_MINUTES, statistic: "Maximum" }),
        timeoutSeconds * 1000 * 0.8,
      );
    }
  }
  for (const name of Object.keys(jobFunctions)) {
    alarm(
      `Job-${name}-Failures`,
      `Job ${name} threw.`,
      business(Telemetry.Metric.JobFailures, { job: name }),
      1,
    );
  }

  // The stream: falling behind, and records given up on.
  alarm(
    "StreamIteratorAge",
    "The table stream's consumer is more than 5 minutes behind, for 10 minutes.",
    streamConsumer.metric("IteratorAge", { period: FIVE_MINUTES, statistic: "Maximum" }),
    5 * 60 * 1000,
    { periods: 2 },
  );
  alarm(
    "ClickIteratorAge",
    "The click counters are more than 5 minutes behind the stream, for 10 minutes.",
    clickCounter.metric("IteratorAge", { period: FIVE_MINUTES, statistic: "Maximum" }),
    5 * 60 * 1000,
    { periods: 2 },
  );
  alarm(
    "StreamFailuresDepth",
    "Stream records failed every retry and wait in the stream failure queue.",
    streamFailures.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: "Maximum" }),
    1,
  );
  alarm(
    "JobFailuresDepth",
    "Scheduled runs failed every retry (or were not delivered) and wait in the job failure queue.",
    jobFailures.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: "Maximum" }),
    1,
  );
  alarm(
    "ParkedItems",
    "Poison items were parked for a person to look at.",
    business(Telemetry.Metric.ParkedItems),
    1,
  );

  // The table.
  const tableOps = [
    Operation.GET_ITEM,
    Operation.BATCH_GET_ITEM,
    Operation.QUERY,
    Operation.PUT_ITEM,
    Operation.UPDATE_ITEM,
    Operation.DELETE_ITEM,
    Operation.BATCH_WRITE_ITEM,
    Operation.TRANSACT_WRITE_ITEMS,
  ];
  const cdkTable = table.cdk.table;
  alarm(
    "TableThrottles",
    "DynamoDB throttled requests on the table.",
    new MathExpression({
      expression: "reads + writes",
      usingMetrics: {
        reads: cdkTable.metric("ReadThrottleEvents", { period: FIVE_MINUTES, statistic: "Sum" }),
        writes: cdkTable.metric("WriteThrottleEvents", { period: FIVE_MINUTES, statistic: "Sum" }),
      },
      period: FIVE_MINUTES,
      label: "throttle events",
    }),
    10,
  );
  alarm(
    "TableSystemErrors",
    "DynamoDB answered with internal errors (5xx) on the table.",
    cdkTable.metricSystemErrorsForOperations({ operations: tableOps, period: FIVE_MINUTES }),
    5,
  );

  // Outgoing webhooks: most attempts failing means our sender or a big receiver is broken.
  const delivered = business(Telemetry.Metric.WebhookDeliveries, { outcome: "delivered" });
  const failed = business(Telemetry.Metric.WebhookDeliveries, { outcome: "failed" });
  alarm(
    "WebhookFailureRate",
    "More than half of outgoing webhook attempts failed over 15 minutes (with at least 10 attempts).",
    new MathExpression({
      expression: "IF(delivered + failed >= 10, failed / (delivered + failed), 0)",
      usingMetrics: { delivered, failed },
      period: FIVE_MINUTES,
      label: "webhook failure rate",
    }),
    0.5,
    { periods: 3 },
  );

  const dashboard = new Dashboard(stack, "Dashboard", { dashboardName: `shopguide-${app.stage}` });
  dashboard.addWidgets(
    new TextWidget({
      markdown: `# shopguide ${app.stage}\nGolden signals, then business metrics.`,
      width: 24,
      height: 1,
    }),
    new GraphWidget({
      title: "API traffic",
      left: [httpApi.metricCount({ period: FIVE_MINUTES, statistic: "Sum" })],
      right: [
        httpApi.metricServerError({ period: FIVE_MINUTES, statistic: "Sum" }),
        httpApi.metricClientError(),
      ],
    }),
    new GraphWidget({
      title: "API latency",
      left: ["p50", "p90", "p99"].map((statistic) =>
        httpApi.metricLatency({ period: FIVE_MINUTES, statistic }),
      ),
    }),
    new GraphWidget({
      title: "Function errors",
      left: functions.map(({ fn, id }) =>
        fn.metricErrors({ period: FIVE_MINUTES, statistic: "Sum", label: id }),
      ),
    }),
    new GraphWidget({
      title: "Function throttles",
      left: functions.map(({ fn, id }) =>
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: "Sum", label: id }),
      ),
    }),
    new GraphWidget({
      title: "Stream iterator age and failure queues",
      left: [
        streamConsumer.metric("IteratorAge", { period: FIVE_MINUTES, statistic: "Maximum" }),
        clickCounter.metric("IteratorAge", { period: FIVE_MINUTES, statistic: "Maximum" }),
      ],
      right: [
        streamFailures.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES }),
        jobFailures.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES }),
        business(Telemetry.Metric.ParkedItems),
      ],
    }),
    new GraphWidget({
      title: "Table consumption",
      left: [cdkTable.metricConsumedReadCapacityUnits(), cdkTable.metricConsumedWriteCapacityUnits()],
    }),
    new GraphWidget({ title: "Clicks recorded", left: [business(Telemetry.Metric.ClicksRecorded)] }),
    new GraphWidget({
      title: "Conversions by door and outcome",
      left: [search(Telemetry.Metric.Conversions, ["door", "outcome"], "conversions")],
    }),
    new GraphWidget({
      title: "Commissions by state",
      left: [search(Telemetry.Metric.Commissions, ["state"], "commissions")],
    }),
    new GraphWidget({
      title: "Group-buy joins by outcome",
      left: [search(Telemetry.Metric.GroupBuyJoins, ["outcome"], "joins")],
    }),
    new GraphWidget({ title: "Webhook deliveries", left: [delivered, failed] }),
    new GraphWidget({
      title: "Job durations (ms) and items processed",
      left: [search(Telemetry.Metric.JobDuration, ["job"], "duration")],
      right: [search(Telemetry.Metric.JobItemsProcessed, ["job"], "items")],
    }),
  );

  suppressSstInternals(stack);
  return { topic, alarms, dashboard };
}
