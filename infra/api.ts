import { StartingPosition } from "aws-cdk-lib/aws-lambda";
import { Api as HttpApi, type StackContext, use } from "sst/constructs";
import { Storage } from "./storage";

/** The Hono app as one Lambda behind the HTTP API's $default route; the table stream's consumer. */
export function Api({ stack }: StackContext) {
  const { table, tableAccess, environment } = use(Storage);

  const api = new HttpApi(stack, "Api", {
    defaults: { function: { environment, permissions: [tableAccess] } },
    routes: {
      $default: { function: { handler: "packages/functions/src/api.handler", description: "shopguide API" } },
    },
  });

  // Side effects of writes (counters, feed fan-out, outgoing webhooks) run from the stream, in order per
  // item, retried from the first failure; consumers are idempotent, so redelivery is harmless.
  table.addConsumers(stack, {
    changes: {
      function: {
        handler: "packages/functions/src/stream.handler",
        description: "shopguide table stream consumers",
        environment,
        permissions: [tableAccess],
      },
      cdk: {
        eventSource: {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: 100,
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
