import type { Info } from "./schema";

/** Spreads one link's clicks over this many gsi1 partitions, so a viral link cannot throttle the index. */
export const CLICK_INDEX_SHARDS = 8;

/** The shard of a click: from the random tail of its ULID, so it is fixed per click and evenly spread. */
export function shardOf(clickId: string, shards: number): number {
  return (clickId.charCodeAt(clickId.length - 1) + clickId.charCodeAt(clickId.length - 2)) % shards;
}

/**
 * Key formats (see dynamo/README.md):
 * - click: `CLICK#<clickId>` / `CLICK` (GetItem by click id, for attribution), listed per link on gsi1
 *   `LINK#<code>#CLICKS#<shard>` / `<clickId>`.
 */
export const clickKeys = {
  click: (clickId: string) => ({ pk: `CLICK#${clickId}`, sk: "CLICK" }),
  byLink: (code: string, clickId: string) => ({
    gsi1pk: `LINK#${code}#CLICKS#${shardOf(clickId, CLICK_INDEX_SHARDS)}`,
    gsi1sk: clickId,
  }),
};

const RETENTION_SECONDS = 180 * 86_400;

export function toItem(click: Info): Record<string, unknown> {
  return {
    ...clickKeys.click(click.id),
    ...clickKeys.byLink(click.code, click.id),
    type: "click",
    ...click,
    ttl: Math.floor(Date.parse(click.at) / 1000) + RETENTION_SECONDS,
  };
}
