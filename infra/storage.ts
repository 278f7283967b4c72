import { Table as TableDefinition } from "@shopguide/core/dynamo";
import { RemovalPolicy } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Config, type StackContext, Table } from "sst/constructs";

/** The one table, built from the definition in core that the local bootstrap also uses. */
export function Storage({ stack, app }: StackContext) {
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
        removalPolicy: app.stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      },
    },
  });

  /**
   * What every function may do with the table: item reads and writes on the table and its indexes, nothing
   * else (no table management, no other table, no Scan).
   */
  const tableAccess = new PolicyStatement({
    actions: [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:TransactGetItems",
      "dynamodb:TransactWriteItems",
    ],
    resources: [table.tableArn, `${table.tableArn}/index/*`],
  });

  /** Only what the redirect hot path needs: resolve a link, write a click. */
  const redirectAccess = new PolicyStatement({
    actions: ["dynamodb:GetItem", "dynamodb:PutItem"],
    resources: [table.tableArn],
  });

  /**
   * The environment every function reads through core's config(). The API and redirect sit behind the
   * site's CloudFront distribution (infra/web.ts), which also supplies the visitor's country.
   */
  const environment = {
    SHOPGUIDE_TABLE: table.tableName,
    SHOPGUIDE_BEHIND_CLOUDFRONT: "1",
    SHOPGUIDE_COUNTRY_HEADER: "cloudfront-viewer-country",
  };

  /** Set per stage with `npx sst secrets set <NAME> <value> --stage <stage>`; kept encrypted in SSM. */
  const secrets = {
    ipHash: new Config.Secret(stack, "SHOPGUIDE_IP_HASH_SECRET"),
    secretsKey: new Config.Secret(stack, "SHOPGUIDE_SECRETS_KEY"),
  };

  return { table, tableAccess, redirectAccess, environment, secrets };
}

function indexKeys(): string[] {
  return Object.values(TableDefinition.globalIndexes).flatMap((index) => [index.partitionKey, index.sortKey]);
}
