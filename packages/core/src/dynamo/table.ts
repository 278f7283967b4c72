/**
 * The single table, declared once. The SST storage stack and the local bootstrap both build from this,
 * so the cloud table and DynamoDB Local cannot drift apart. Key design: ./README.md.
 */
export const Table = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Generic overloaded indexes; what each one holds is listed per access pattern in README.md. */
  globalIndexes: {
    gsi1: { partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    gsi2: { partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    gsi3: { partitionKey: "gsi3pk", sortKey: "gsi3sk" },
  },
  /** Epoch seconds; DynamoDB deletes the item some time after. Readers still check expiry themselves. */
  timeToLiveAttribute: "ttl",
  streamView: "NEW_AND_OLD_IMAGES",
} as const;

export type IndexName = keyof typeof Table.globalIndexes;

/** Every attribute used as a key anywhere; all are strings. */
export const keyAttributes = [
  Table.partitionKey,
  Table.sortKey,
  ...Object.values(Table.globalIndexes).flatMap((index) => [index.partitionKey, index.sortKey]),
];
