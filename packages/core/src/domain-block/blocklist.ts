import { wire } from "../dynamo/wire";
import { Clock } from "../util/clock";
import { blockedDomainOf } from "./match";

/**
 * The platform blocklist as the redirect reads it: one small item (AP269, `DOMAINBLOCKS` / `SET`, a string
 * set of domains), read over the SDK-free client at most once per process per `CACHE_MS`, whatever the click
 * rate. A block therefore takes effect everywhere within a minute (at once in the process that wrote it,
 * which calls `forgetBlocklist`). Free of zod and the AWS SDK: the redirect bundle imports this file.
 */
export const CACHE_MS = 60_000;

/** Key of the blocklist item (see dynamo/README.md). */
export const blocklistKey = { pk: "DOMAINBLOCKS", sk: "SET" } as const;

let cached: { domains: ReadonlySet<string>; expiresAt: number } | undefined;

async function blocklist(): Promise<ReadonlySet<string>> {
  const now = Clock.nowMs();
  if (cached && cached.expiresAt > now) return cached.domains;
  const item = await wire.get(blocklistKey);
  const domains = item?.domains instanceof Set ? (item.domains as Set<string>) : new Set<string>();
  cached = { domains, expiresAt: now + CACHE_MS };
  return domains;
}

/** Drops this process's copy, so its own block or unblock takes effect here at once. */
export function forgetBlocklist(): void {
  cached = undefined;
}

/** The blocked domain a URL's host falls under, or undefined (an unparsable URL is not blocked here). */
export async function blockedDomainOfUrl(url: string): Promise<string | undefined> {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  return blockedDomainOf(host, await blocklist());
}
