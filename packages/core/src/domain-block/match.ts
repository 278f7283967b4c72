// Free of zod: the redirect's bundle imports this file (through blocklist.ts).

/**
 * The blocked domain a host falls under (the host itself or a parent domain: blocking `example.com`
 * blocks `shop.example.com`), or undefined. Walks the host's suffixes: at most a label count of lookups.
 */
export function blockedDomainOf(host: string, blocked: ReadonlySet<string>): string | undefined {
  let candidate = host.toLowerCase().replace(/\.$/, "");
  for (;;) {
    if (blocked.has(candidate)) return candidate;
    const dot = candidate.indexOf(".");
    if (dot < 0) return undefined;
    candidate = candidate.slice(dot + 1);
  }
}
