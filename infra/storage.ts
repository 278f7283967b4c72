import { Table as TableDefinition } from "@shopguide/core/dynamo";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Config, type StackContext, Table } from "sst/constructs";
import { suppressSstInternals } from "./nag";
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
   * The environment every function reads through core's config(). The API and redirect sit behind the
   * site's CloudFront distribution (infra/web.ts), which also supplies the visitor's country.
   */
  const environment: Record<string, string> = {
    SHOPGUIDE_TABLE: table.tableName,
    SHOPGUIDE_BEHIND_CLOUDFRONT: "1",
    SHOPGUIDE_COUNTRY_HEADER: "cloudfront-viewer-country",
    SHOPGUIDE_STAGE: app.stage,
    POWERTOOLS_SERVICE_NAME: "shopguide",
    POWERTOOLS_METRICS_NAMESPACE: "shopguide",
  };

  /** Set per stage with `npx sst secrets set <NAME> <value> --stage <stage>`; kept encrypted in SSM. */
  const secrets = {
    ipHash: new Config.Secret(stack, "SHOPGUIDE_IP_HASH_SECRET"),
  };

  suppressSstInternals(stack);
  return { table, tableAccess, secretsKey, environment, secrets, settings, production };
}

function indexKeys(): string[] {
  return Object.values(TableDefinition.globalIndexes).flatMap((index) => [index.partitionKey, index.sortKey]);
}
