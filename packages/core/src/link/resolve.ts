import { config } from "../config";
import { Clock } from "../util/clock";
import { CODE_PATTERN } from "./code";
import type { Utm } from "./index";
import { getTarget } from "./target.dynamo";

/** What the redirect needs from a link; kept small because it is cached per process. */
export interface Target {
  code: string;
  url: string;
  creatorId: string;
  guideId: string | undefined;
  utm: Utm | undefined;
  disabled: boolean;
  /** Switched off by the platform (see Link.Info); the redirect answers 410 saying why. */
  disabledReason: "account_suspended" | undefined;
}

interface CacheEntry {
  target: Target | undefined;
  expiresAt: number;
}

const MAX_CACHED = 10_000;
const cache = new Map<string, CacheEntry>();

/** Drops a link from this process's cache, so its own change (disable, UTM) takes effect at once. */
export function forget(code: string): void {
  cache.delete(code);
}

/**
 * The link behind a code for the redirect: one GetItem, then served from this process's memory for
 * `linkCacheSeconds` (5 s by default), misses included. That is the bound on how long another process
 * may still redirect after a disable; this process forgets the link at once. Free of zod and the AWS SDK:
 * the redirect Lambda's bundle is this file's import graph.
 */
export async function resolve(code: string): Promise<Target | undefined> {
  if (!CODE_PATTERN.test(code)) return undefined;
  const now = Clock.nowMs();
  const hit = cache.get(code);
  if (hit && hit.expiresAt > now) return hit.target;
  const target = await getTarget(code);
  const ttlMs = config().linkCacheSeconds * 1000;
  if (ttlMs > 0) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(code, { target, expiresAt: now + ttlMs });
  }
  return target;
}
