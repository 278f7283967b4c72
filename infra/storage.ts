import { Table as TableDefinition } from "@shopguide/core/dynamo";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";
import { Config, type StackContext, Table } from "sst/constructs";
import { suppress, suppressSstInternals } from "./nag";
import { isProduction, stageSettings } from "./stage";

/** DynamoDB item actions a function may be granted; never table management, never Scan. */
export type TableAction =
  | "GetItem"
  | "BatchGetItem"
  | "Query"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "BatchWriteItem"
  | "ConditionCheckItem"
  | "TransactGetItems"
  | "TransactWriteItems";

/** The one table, built from the definition in core that the local bootstrap also uses. */
export function Storage({ stack, app }: StackContext) {
  const production = isProduction(app.stage);
  const table = new Table(stack, "Table", {
    fields: Object.fromEntries(
      [TableDefinition.partitionKey, TableDefinition.sortKey, ...indexKeys()].map((name) => [name, "string"]),
    ) as Record<string, "string">,
    primaryIndex: { partitionKey: TableDefinition.partitionKey, sortKey: TableDefinition.sortKey },
    globalIndexes: Object.fromEntries(
      Object.entries(TableDefinition.globalIndexes).map(([name, index]) => [
        name,
        { partitionKey: index.partitionKey, sortKey: index.sortKey, projection: "all" as const },
      ]),
    ),
    timeToLiveAttribute: TableDefinition.timeToLiveAttribute,
    stream: "new_and_old_images",
    cdk: {
      table: {
        pointInTimeRecovery: true,
        // A prod table survives both `sst remove` and a stack deletion by hand.
        deletionProtection: production,
        removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      },
    },
  });

  /**
   * One statement per function, holding only the item actions that function's code issues. Index access
   * (`/index/*`) only where it queries. Note that each operation inside a TransactWriteItems needs its own
   * action too (PutItem, UpdateItem, DeleteItem, ConditionCheckItem).
   */
  function tableAccess(actions: readonly TableAction[]): PolicyStatement {
    const resources = actions.includes("Query")
      ? [table.tableArn, `${table.tableArn}/index/*`]
      : [table.tableArn];
    return new PolicyStatement({ actions: actions.map((action) => `dynamodb:${action}`), resources });
  }

  /**
   * Brand signing secrets and webhook secrets are sealed with data keys from this KMS key (envelope
   * encryption); AWS rotates the key material yearly and keeps old versions for decryption.
   */
  const secretsKey = new Key(stack, "SecretsKey", {
    description: `shopguide ${app.stage}: envelope key for brand and webhook signing secrets`,
    enableKeyRotation: true,
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(production ? 30 : 7),
  });

  const settings = stageSettings(app.stage);

  /**
   * Uploads and their processed variants. Private: browsers write originals under `uploads/` only through
   * presigned POSTs the API signs (bound to one key, type and size), and read variants under `media/` only
   * through the site's CloudFront distribution (origin access control, infra/web.ts). Originals the API
   * never processed expire after a day. The distribution is in a later stack, so the grant names CloudFront
   * distributions of this account rather than the one distribution (a reference would make a cycle).
   */
  const media = new Bucket(stack, "Media", {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    lifecycleRules: [{ prefix: "uploads/", expiration: Duration.days(1) }],
    cors: [
      {
        allowedMethods: [HttpMethods.POST],
        allowedOrigins: settings.domain ? [`https://${settings.domain}`] : ["*"],
        allowedHeaders: ["*"],
        maxAge: 3000,
      },
    ],
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    autoDeleteObjects: !production,
  });
  media.addToResourcePolicy(
    new PolicyStatement({
      actions: ["s3:GetObject"],
      principals: [new ServicePrincipal("cloudfront.amazonaws.com")],
      resources: [media.arnForObjects("media/*")],
      conditions: {
        StringLike: { "AWS:SourceArn": `arn:aws:cloudfront::${stack.account}:distribution/*` },
      },
    }),
  );
  suppress(
    media,
    "S1",
    "Every read goes through CloudFront, whose access logs (web stack) record it; writes are presigned POSTs the API signs per upload and records. Self-logging would need ACLs, which bucket-owner-enforced ownership turns off.",
  );
  /** What the API needs to sign uploads, check and process them, and write variants: objects only. */
  const mediaAccess = [
    new PolicyStatement({
      actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
      resources: [media.arnForObjects("uploads/*")],
    }),
    new PolicyStatement({ actions: ["s3:PutObject"], resources: [media.arnForObjects("media/*")] }),
  ];

  /**
   * The environment every function reads through core's config(). The API and redirect sit behind the
   * site's CloudFront distribution (infra/web.ts), which also supplies the visitor's country.
   */
  const environment: Record<string, string> = {
    SHOPGUIDE_TABLE: table.tableName,
    SHOPGUIDE_BEHIND_CLOUDFRONT: "1",
    SHOPGUIDE_COUNTRY_HEADER: "cloudfront-viewer-country",
    SHOPGUIDE_STAGE: app.stage,
    SHOPGUIDE_MEDIA_BUCKET: media.bucketName,
    POWERTOOLS_SERVICE_NAME: "shopguide",
    POWERTOOLS_METRICS_NAMESPACE: "shopguide",
  };

  /** Set per stage with `npx sst secrets set <NAME> <value> --stage <stage>`; kept encrypted in SSM. */
  const secrets = {
    ipHash: new Config.Secret(stack, "SHOPGUIDE_IP_HASH_SECRET"),
  };

  suppressSstInternals(stack);
  return { table, tableAccess, secretsKey, environment, secrets, settings, production, media, mediaAccess };
}

function indexKeys(): string[] {
  return Object.values(TableDefinition.globalIndexes).flatMap((index) => [index.partitionKey, index.sortKey]);
}
