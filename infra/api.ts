import { Duration } from "aws-cdk-lib";
import { StartingPosition } from "aws-cdk-lib/aws-lambda";
import { SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue } from "aws-cdk-lib/aws-sqs";
import { Api as HttpApi, type StackContext, use } from "sst/constructs";
import { Storage } from "./storage";

/**
 * The Hono app as one Lambda behind the HTTP API's $default route; the redirect as its own small Lambda on
 * GET and HEAD /r/{code}; the table stream's consumer.
 */
export function Api({ stack }: StackContext) {
  const { table, tableAccess, redirectAccess, environment, secrets } = use(Storage);

  const redirect = {
    function: {
      handler: "packages/functions/src/redirect.handler",
      description: "shopguide redirect (hot path)",
      memorySize: 512,
      timeout: 5,
      permissions: [redirectAccess],
      bind: [secrets.ipHash],
    },
  };

  const api = new HttpApi(stack, "Api", {
    defaults: { function: { environment } },
    routes: {
      $default: {
        function: {
          handler: "packages/functions/src/api.handler",
          description: "shopguide API",
          permissions: [tableAccess],
          bind: [secrets.secretsKey],
        },
      },
      "GET /r/{code}": redirect,
      "HEAD /r/{code}": redirect,
    },
  });

  // Records that still fail after every retry are parked here (with their stream position) for replay.
  const streamFailures = new Queue(stack, "StreamFailures", { retentionPeriod: Duration.days(14) });

  // Side effects of writes (counters, feed fan-out, outgoing webhooks) run from the stream, in order per
  // item; the handler reports failed records one by one (ReportBatchItemFailures), Lambda redelivers from the
  // lowest, and a record still failing after 5 deliveries is parked in the table for admins (so the shard
  // moves on); consumers are idempotent, so redelivery is harmless. The event source's own bound (10 retries,
  // then the queue) only catches batches whose handler fails outright, such as the table being unreachable.
  // One guide publish can fan out to up to the fan-out threshold of followers, hence small batches and a
  // long timeout.
  table.addConsumers(stack, {
    changes: {
      function: {
        handler: "packages/functions/src/stream.handler",
        description: "shopguide table stream consumers",
        timeout: 600,
        memorySize: 1024,
        environment,
        permissions: [tableAccess],
        bind: [secrets.secretsKey],
      },
      cdk: {
        eventSource: {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: 10,
          onFailure: new SqsDlq(streamFailures),
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          retryAttempts: 10,
        },
      },
    },
  });

  stack.addOutputs({ ApiUrl: api.url });
  return { api };
}
