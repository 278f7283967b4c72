import { Table as TableDefinition } from "@shopguide/core/dynamo";
import { RemovalPolicy } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { type StackContext, Table } from "sst/constructs";

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

  /** The environment every function reads through core's config(). */
  const environment = { SHOPGUIDE_TABLE: table.tableName };

  return { table, tableAccess, environment };
}

function indexKeys(): string[] {
  return Object.values(TableDefinition.globalIndexes).flatMap((index) => [index.partitionKey, index.sortKey]);
}
