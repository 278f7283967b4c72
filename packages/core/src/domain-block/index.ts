export * as DomainBlock from "./index";

import { Audit } from "../audit";
import { Reason } from "../audit/schema";
import type { Page } from "../dynamo";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { parseInput } from "../util/validate";
import { blockedDomainOfUrl, forgetBlocklist } from "./blocklist";
import { DomainBlockStore } from "./domain-block.dynamo";
import { type Block, BlockInput, Domain, DomainBlockedError } from "./schema";

export { blockedDomainOfUrl, forgetBlocklist } from "./blocklist";
export * from "./schema";

/**
 * Blocks a domain platform-wide (admins): links to it or any subdomain stop redirecting (410, saying why)
 * and new links to it are refused. The block and its audit entry are one transaction.
 */
export async function block(actor: Actor, input: BlockInput): Promise<Block> {
  const admin = Actor.requireRole(actor, "admin");
  const { domain, reason } = parseInput(BlockInput, input);
  const entry: Block = { domain, reason, blockedAt: Clock.now().toISOString(), blockedBy: admin.handle };
  await DomainBlockStore.block(
    entry,
    Audit.put(actor, { action: "domain_blocked", target: { type: "domain", id: domain }, reason }),
  );
  forgetBlocklist();
  return entry;
}

/** Lifts a block (admins); links to the domain redirect again within the blocklist's cache time. */
export async function unblock(actor: Actor, rawDomain: string, reason: string): Promise<void> {
  Actor.requireRole(actor, "admin");
  const domain = parseInput(Domain, rawDomain);
  const why = parseInput(Reason, reason);
  await DomainBlockStore.unblock(
    domain,
    Audit.put(actor, { action: "domain_unblocked", target: { type: "domain", id: domain }, reason: why }),
  );
  forgetBlocklist();
}

/** Blocked domains in name order, 50 a page (admins). */
export async function list(actor: Actor, cursor: string | undefined): Promise<Page<Block>> {
  Actor.requireRole(actor, "admin");
  return DomainBlockStore.list(cursor);
}

/** Refuses a link destination under a blocked domain (422 `domain_blocked`). */
export async function assertAllowed(url: string): Promise<void> {
  const blocked = await blockedDomainOfUrl(url);
  if (blocked) throw new DomainBlockedError(blocked);
}
