/**
 * The directory's follower sort key. Follower counts move on every follow, so the index is keyed on a
 * log-scale bucket rather than the count: an entry is rewritten only when a creator crosses a power of two
 * (about 20 times between 1 and a million followers), never on each follow. Inside a bucket, the most
 * recently active come first.
 */
export function followerBucket(followerCount: number): number {
  return followerCount <= 0 ? 0 : Math.floor(Math.log2(followerCount)) + 1;
}

/** Index sort keys: fixed width first, creator id last, so keys are unique and sort as meant. */
export const sortKeys = {
  followers: (entry: { followerBucket: number; lastPublishedAt: string; creatorId: string }) =>
    `${String(entry.followerBucket).padStart(2, "0")}#${entry.lastPublishedAt}#${entry.creatorId}`,
  active: (entry: { lastPublishedAt: string; creatorId: string }) =>
    `${entry.lastPublishedAt}#${entry.creatorId}`,
};

/** Every directory read merges this many index partitions per scope (creators spread by a hash of their id). */
export const DIRECTORY_SHARDS = 4;

export function shardOf(creatorId: string): number {
  let hash = 0;
  for (const char of creatorId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % DIRECTORY_SHARDS;
}

/** The scope every listed creator has; the others are category slugs (lower-case, so never equal to it). */
export const ALL_SCOPE = "ALL";
