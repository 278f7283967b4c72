import { describe, expect, it } from "vitest";
import { Tag } from "../guide/schema";
import { CATEGORIES, categoriesOfTags } from "./categories";
import { DIRECTORY_SHARDS, followerBucket, shardOf, sortKeys } from "./directory-rank";

describe("the directory's follower bucket", () => {
  it.each([
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [1023, 10],
    [1024, 11],
    [1_000_000, 20],
  ])("%i followers → bucket %i", (count, bucket) => {
    expect(followerBucket(count)).toBe(bucket);
  });

  it("moves about 20 times between 1 and a million followers, so follows rarely rewrite the index", () => {
    const moves = Array.from({ length: 1_000_000 }, (_, index) => index + 1).filter(
      (count) => followerBucket(count) !== followerBucket(count - 1),
    ).length;
    expect(moves).toBe(20);
  });

  it("sorts keys by bucket, then by last publish, and keeps each creator's key unique", () => {
    const keys = [
      sortKeys.followers({
        followerBucket: 9,
        lastPublishedAt: "2026-01-01T00:00:00.000Z",
        creatorId: "usr_a",
      }),
      sortKeys.followers({
        followerBucket: 10,
        lastPublishedAt: "2025-01-01T00:00:00.000Z",
        creatorId: "usr_b",
      }),
      sortKeys.followers({
        followerBucket: 10,
        lastPublishedAt: "2026-01-01T00:00:00.000Z",
        creatorId: "usr_c",
      }),
    ];
    expect([...keys].sort().reverse()).toEqual([keys[2], keys[1], keys[0]]);
  });

  it("spreads creators over every shard", () => {
    const shards = new Set(Array.from({ length: 200 }, (_, index) => shardOf(`usr_${index.toString(36)}`)));
    expect(shards.size).toBe(DIRECTORY_SHARDS);
  });
});

describe("the curated categories", () => {
  it("have unique slugs and only tags a guide can carry", () => {
    expect(new Set(CATEGORIES.map((category) => category.slug)).size).toBe(CATEGORIES.length);
    for (const category of CATEGORIES)
      for (const tag of category.tags) expect(Tag.parse(tag), `${category.slug}: ${tag}`).toBe(tag);
  });

  it("gather a guide's tags into its categories", () => {
    expect(categoriesOfTags(["knives", "gifts", "unknown"])).toEqual(["kitchen", "gifts"]);
    expect(categoriesOfTags([])).toEqual([]);
  });
});
