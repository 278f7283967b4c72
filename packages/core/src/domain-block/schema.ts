/**
 * Domain-block schemas, types, errors and the pure host matching the redirect shares (blocklist.ts), so the
 * store never imports the domain module that imports it.
 */
import * as z from "zod";
import { Reason } from "../audit/schema";
import { AppError, NotFoundError } from "../util/errors";

export { blockedDomainOf } from "./match";

/** The most domains the platform blocklist holds: it is one item (AP269), read whole by the redirect. */
export const MAX_BLOCKED = 5000;

/**
 * A domain as blocked: a host name (no scheme, port or path), lower-case, internationalized names in their
 * punycode form (what a link's URL parser yields), at least two labels.
 */
export const Domain = z
  .string()
  .trim()
  .min(3)
  .max(253)
  .transform((raw, context) => {
    const candidate = raw.toLowerCase().replace(/\.$/, "");
    let host: string | undefined;
    try {
      host = /^[^/:?#@\s]+$/.test(candidate) ? new URL(`http://${candidate}`).hostname : undefined;
    } catch {
      host = undefined;
    }
    if (!host || !/^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(host)) {
      context.addIssue({ code: "custom", message: "Enter a domain name such as example.com" });
      return z.NEVER;
    }
    return host;
  });

export const BlockInput = z.object({ domain: Domain, reason: Reason });
export type BlockInput = z.input<typeof BlockInput>;

/** One blocked domain, as admins list it. */
export const Block = z.object({
  domain: z.string(),
  reason: z.string(),
  blockedAt: z.string(),
  blockedBy: z.string(),
});
export type Block = z.infer<typeof Block>;

export class DomainBlockedError extends AppError {
  constructor(domain: string) {
    super("validation", "domain_blocked", `Links to ${domain} are blocked by the platform`, [
      { path: "url", message: `Links to ${domain} are blocked by the platform`, code: "domain_blocked" },
    ]);
  }
}

export class DomainAlreadyBlockedError extends AppError {
  constructor() {
    super("conflict", "domain_already_blocked", "This domain is blocked already");
  }
}

export class TooManyBlockedDomainsError extends AppError {
  constructor() {
    super("validation", "too_many_blocked_domains", `The blocklist holds at most ${MAX_BLOCKED} domains`);
  }
}

export class DomainBlockNotFoundError extends NotFoundError {
  constructor() {
    super("Blocked domain", "domain_block_not_found");
  }
}
