import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { StartingPosition } from "aws-cdk-lib/aws-lambda";
import { SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { Api as HttpApi, Function as SstFunction, type StackContext, use } from "sst/constructs";
import { Mail } from "./mail";
import { suppress, suppressFunctionBasics, suppressPath, suppressSstInternals } from "./nag";
import { sharpBundleHooks } from "./sharp";
import { publicUrlParameterName } from "./stage";
import { Storage } from "./storage";

/** The API function's CPU, which decides the sharp build its bundle gets. */
export const API_ARCHITECTURE = "arm_64" as const;

/** A function's own log group, so its retention is set (a month; a year on production stages). */
export function functionLogGroup(scope: Construct, id: string, production: boolean): LogGroup {
  return new LogGroup(scope, `${id}Logs`, {
    retention: production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
}

/**
 * What every function needs to build absolute links: the public URL. With a custom domain it is known at
 * synth time; otherwise the web stack writes the distribution's URL to an SSM parameter (the distribution
 * depends on the API, so its domain cannot flow back as a reference) and functions read it at cold start.
 */
export function publicUrlWiring(
  stack: Stack,
  app: { name: string; stage: string },
  domain: string | undefined,
): { environment: Record<string, string>; permissions: PolicyStatement[] } {
  if (domain) return { environment: { SHOPGUIDE_PUBLIC_URL: `https://${domain}` }, permissions: [] };
  const name = publicUrlParameterName(app.name, app.stage);
  return {
    environment: { SHOPGUIDE_PUBLIC_URL_PARAMETER: name },
    permissions: [
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["ssm:GetParameters"],
        resources: [
          Stack.of(stack).formatArn({ service: "ssm", resource: "parameter", resourceName: name.slice(1) }),
        ],
      }),
    ],
  };
}

/**
 * The Hono app as one Lambda behind the HTTP API's $default route; the redirect as its own small Lambda on
 * GET and HEAD /r/{code}; the table stream's consumer.
 */
export function Api({ stack, app }: StackContext) {
  const { table, tableAccess, secretsKey, environment, secrets, settings, production, mediaAccess } =
    use(Storage);
  // The API mails accounts' links (verification, reset); the stream consumer mails notifications.
  const { sending } = use(Mail);
  const publicUrl = publicUrlWiring(stack, app, settings.domain);

  /**
   * Proves a request came through the site's distribution (infra/web.ts adds it as an origin header). It is
   * generated, never typed by anyone; CloudFront reads it through a CloudFormation dynamic reference.
   */
  const originSecret = new Secret(stack, "OriginSecret", {
    description: `shopguide ${app.stage}: header value CloudFront sends to the API origin`,
    generateSecretString: { excludePunctuation: true, passwordLength: 48 },
  });
  const originSecretAccess = new PolicyStatement({
    actions: ["secretsmanager:GetSecretValue"],
    resources: [originSecret.secretArn],
  });
  const behindOrigin = { SHOPGUIDE_ORIGIN_SECRET_ARN: originSecret.secretArn };
  const kmsAccess = new PolicyStatement({
    actions: ["kms:GenerateDataKey", "kms:Decrypt"],
    resources: [secretsKey.keyArn],
  });
  const sealing = { SHOPGUIDE_KMS_KEY_ID: secretsKey.keyArn };

  // One redirect function serves both methods (an inline definition would make one per route).
  const redirect = new SstFunction(stack, "Redirect", {
    handler: "packages/functions/src/redirect.handler",
    description: "shopguide redirect (hot path)",
    memorySize: 512,
    timeout: 5,
    environment: { ...environment, ...behindOrigin },
    // Resolve a link, write a click: nothing else.
    permissions: [tableAccess(["GetItem", "PutItem"]), originSecretAccess],
    bind: [secrets.ipHash],
    logGroup: functionLogGroup(stack, "Redirect", production),
  });

  const apiFunction = new SstFunction(stack, "ApiFunction", {
    handler: "packages/functions/src/api.handler",
    description: "shopguide API",
    // Image processing (sharp) runs inline in POST /uploads/{id}/complete and product import: memory is
    // CPU on Lambda, and a 40-megapixel decode needs room. sharp ships native code, so it stays out of the
    // bundle and the build hook installs it, with libvips, for this function's architecture (infra/sharp.ts).
    memorySize: 2048,
    timeout: 29,
    architecture: API_ARCHITECTURE,
    hooks: sharpBundleHooks(API_ARCHITECTURE),
    // (SST replaces the defaults' nodejs block whole, so it is repeated here.) The presigned-POST helper is
    // not part of the runtime's SDK, so it is installed.
    nodejs: {
      format: "esm",
      minify: true,
      sourcemap: true,
      esbuild: { external: ["@aws-sdk/*", "sharp"] },
      install: ["@aws-sdk/s3-presigned-post"],
    },
    environment: {
      ...environment,
      ...publicUrl.environment,
      ...behindOrigin,
      ...sealing,
      ...sending.environment,
    },
    // The whole application: every item action on the table and its indexes (still no Scan).
    permissions: [
      tableAccess([
        "GetItem",
        "BatchGetItem",
        "Query",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "BatchWriteItem",
        "ConditionCheckItem",
        "TransactGetItems",
        "TransactWriteItems",
      ]),
      kmsAccess,
      originSecretAccess,
      ...mediaAccess,
      ...publicUrl.permissions,
      ...sending.permissions,
    ],
    logGroup: functionLogGroup(stack, "ApiFunction", production),
  });

  const api = new HttpApi(stack, "Api", {
    // Per-stage ceiling in front of the per-route limits and the WAF's per-address rules.
    defaults: { throttle: { rate: 200, burst: 400 } },
    accessLog: { retention: production ? "one_year" : "one_month" },
    routes: {
      $default: apiFunction,
      "GET /r/{code}": redirect,
      "HEAD /r/{code}": redirect,
    },
  });

  // Records that still fail after every retry are parked here (with their stream position) for replay.
  const streamFailures = new Queue(stack, "StreamFailures", {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });

  // Side effects of writes (counters, feed fan-out, outgoing webhooks) run from the stream, in order per
  // item; the handler reports failed records one by one (ReportBatchItemFailures), Lambda redelivers from the
  // lowest, and a record still failing after 5 deliveries is parked in the table for admins (so the shard
  // moves on); consumers are idempotent, so redelivery is harmless. The event source's own bound (10 retries,
  // then the queue) only catches batches whose handler fails outright, such as the table being unreachable.
  // One guide publish can fan out to up to the fan-out threshold of followers, hence small batches and a
  // long timeout.
  // New clicks have an event source of their own: big batches (up to 1 000 records or one second), because
  // the counters are written once per chunk of a batch, not once per click (a batch of 10 would cost close
  // to 3 WCU a click; one of 100+ about 1.4). Everything else keeps small batches (fan-out). The same
  // handler serves both; two readers per stream shard is DynamoDB Streams' limit for one table.
  // Item types no stream consumer reads, so their records cost no invocation: the search index's own
  // items (a guide writes a few hundred entries), a group-buy fan-out's task item (rewritten at every page's
  // checkpoint, core/groupbuy/fanout.ts) and the directory's per-category counts and markers.
  const unreadTypes = [
    "search_entry",
    "search_doc",
    "search_view",
    "groupbuy_fanout",
    "directory_category_count",
    "directory_category_guide",
  ];
  const consumer = (description: string) => ({
    handler: "packages/functions/src/stream.handler",
    description,
    timeout: 600,
    memorySize: 1024,
    environment: { ...environment, ...publicUrl.environment, ...sealing, ...sending.environment },
    // Counters, feeds, tag index and webhook outbox: reads, queries, writes and transactions.
    permissions: [
      tableAccess([
        "GetItem",
        "BatchGetItem",
        "Query",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "BatchWriteItem",
        "ConditionCheckItem",
        "TransactWriteItems",
      ]),
      kmsAccess,
      ...publicUrl.permissions,
      ...sending.permissions,
    ],
  });
  const eventSource = {
    startingPosition: StartingPosition.TRIM_HORIZON,
    onFailure: new SqsDlq(streamFailures),
    bisectBatchOnError: true,
    reportBatchItemFailures: true,
    retryAttempts: 10,
  };
  table.addConsumers(stack, {
    changes: {
      function: {
        ...consumer("shopguide table stream consumers"),
        logGroup: functionLogGroup(stack, "StreamConsumer", production),
      },
      // Everything but new clicks (a REMOVE has no new image, so it is let through by its name) and the
      // types no consumer reads (above).
      filters: [
        { dynamodb: { NewImage: { type: { S: [{ "anything-but": ["click", ...unreadTypes] }] } } } },
        {
          eventName: ["REMOVE"],
          dynamodb: { OldImage: { type: { S: [{ "anything-but": unreadTypes }] } } },
        },
      ],
      cdk: { eventSource: { ...eventSource, batchSize: 10 } },
    },
    clicks: {
      function: {
        ...consumer("shopguide table stream click counters"),
        logGroup: functionLogGroup(stack, "ClickCounter", production),
      },
      filters: [{ eventName: ["INSERT"], dynamodb: { NewImage: { type: { S: ["click"] } } } }],
      cdk: {
        eventSource: {
          ...eventSource,
          batchSize: 1000,
          maxBatchingWindow: Duration.seconds(1),
        },
      },
    },
  });
  const streamConsumer = table.getFunction("changes");
  const clickCounter = table.getFunction("clicks");
  if (!streamConsumer || !clickCounter) throw new Error("the table has no stream consumer");

  suppressFunctionBasics(redirect.role, false);
  suppressFunctionBasics(apiFunction.role, true);
  const apiPolicy = apiFunction.role?.node.tryFindChild("DefaultPolicy");
  if (apiPolicy)
    suppress(
      apiPolicy,
      "IAM5",
      "uploads/* and media/* are key prefixes of the media bucket: each upload gets a fresh key, so no narrower resource exists.",
      [{ regex: "/^Resource::.*Media.*\\/(uploads|media)\\/\\*$/g" }],
    );
  suppressFunctionBasics(streamConsumer.role, true);
  suppressFunctionBasics(clickCounter.role, true);
  for (const route of ["Route_default", "Route_GET_--r--{code}", "Route_HEAD_--r--{code}"]) {
    suppressPath(
      stack,
      `Api/${route}/Resource`,
      "APIG4",
      "The app authorizes every route itself (session, API key, signed webhook) and refuses requests without CloudFront's origin secret.",
    );
  }
  suppress(
    originSecret,
    "SMG4",
    "CloudFront holds this value in its origin config; rotating means a deploy with a new secret (docs/operations.md), not a Lambda rotation.",
  );
  suppress(streamFailures, "SQS3", "This queue is itself the stream's failure destination.");
  suppressSstInternals(stack);

  stack.addOutputs({ ApiUrl: api.url });
  return { api, apiFunction, redirect, streamConsumer, clickCounter, streamFailures, originSecret };
}
