export { batchGet } from "./batch";
export { ensureTable } from "./bootstrap";
export { connection, createRawClient, dynamo, ping, tableName } from "./client";
export { failedConditions, isConditionFailed, isTransactionConflict, retryOnConflict } from "./errors";
export { queryAll } from "./query";
export { type IndexName, keyAttributes, Table } from "./table";
