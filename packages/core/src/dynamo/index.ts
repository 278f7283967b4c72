export { batchGet } from "./batch";
export { ensureTable } from "./bootstrap";
export { type CapacityUsage, measureCapacity } from "./capacity";
export { connection, createRawClient, dynamo, ping, tableName } from "./client";
export { Cursor, CursorInvalidError, type Page } from "./cursor";
export { failedConditions, isConditionFailed, isTransactionConflict, retryOnConflict } from "./errors";
export { type PagedQueryInput, pagedQuery, queryAll } from "./query";
export { type IndexName, keyAttributes, Table } from "./table";
