export { batchGet } from "./batch";
export { ensureTable } from "./bootstrap";
export { CapacityMeter, type CapacityReading } from "./capacity";
export { connection, createRawClient, dynamo, ping, tableName } from "./client";
export { Cursor, CursorInvalidError, type Page } from "./cursor";
export {
  ConditionFailedError,
  failedConditions,
  failedItems,
  isConditionFailed,
  isTransactionConflict,
  retryOnConflict,
} from "./errors";
export { type PagedQueryInput, pagedQuery, queryAll, queryUpTo } from "./query";
export { type IndexName, keyAttributes, Table } from "./table";
