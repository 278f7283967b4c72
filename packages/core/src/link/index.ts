export * as Link from "./index";

import { DomainBlock } from "../domain-block";
import type { Page } from "../dynamo";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { ValidationError } from "../util/errors";
import { CODE_PATTERN, generateCode } from "./code";
import { LinkStore } from "./link.dynamo";
import { forget } from "./resolve";
import {
  CreateInput,
  Destination,
  destinationHost,
  type Info,
  LinkNotFoundError,
  shortUrl,
  storedUtm,
  UpdateInput,
  type Utm,
} from "./schema";

export { CODE_PATTERN } from "./code";
export { resolve, type Target } from "./resolve";
export * from "./schema";

/**
 * The creator's link to `url` (for this guide), made when missing: the same creator, URL and guide always
 * answer the same link, also under concurrent calls, because creation claims a key derived from the three
 * in the same transaction that writes the link. `created` tells the caller which happened.
 * The guides capability calls this for every product card when a guide is published.
 */
export async function ensure(input: {
  creatorId: string;
  url: string;
  guideId?: string | undefined;
  productId?: string | undefined;
  utm?: Utm | undefined;
}): Promise<{ link: Info; created: boolean }> {
  const checked = Destination.safeParse(input.url);
  if (!checked.success) {
    throw new ValidationError(checked.error.issues.map((issue) => ({ path: "url", message: issue.message })));
  }
  const url = checked.data;
  await DomainBlock.assertAllowed(url);
  const identity = { creatorId: input.creatorId, url, guideId: input.guideId };
  for (let attempt = 0; attempt < 8; attempt++) {
    const existing = await LinkStore.findByIdentity(identity);
    if (existing) return { link: existing, created: false };
    const now = Clock.now().toISOString();
    const link: Info = {
      code: generateCode(),
      shortUrl: "",
      url,
      displayHost: destinationHost(url),
      creatorId: input.creatorId,
      guideId: input.guideId,
      productId: input.productId,
      utm: storedUtm(input.utm),
      disabled: false,
      createdAt: now,
      updatedAt: now,
    };
    link.shortUrl = shortUrl(link.code);
    const outcome = await LinkStore.insert(link, identity);
    if (outcome === "inserted") return { link, created: true };
    // "code_taken": draw another code. "identity_taken"/"conflict": a concurrent call won; read its link.
  }
  throw new Error("Could not create a link after 8 attempts");
}

/** POST /links: a creator's own link. */
export async function create(actor: Actor, input: CreateInput): Promise<{ link: Info; created: boolean }> {
  const creator = Actor.requireRole(actor, "creator");
  const parsed = CreateInput.parse(input);
  return ensure({ creatorId: creator.userId, ...parsed });
}

/** Links a page answers on the creator's list. */
export const LINKS_PAGE = 50;

/** GET /links: the creator's own links, newest first, `LINKS_PAGE` at a time (AP21). */
export async function listMine(actor: Actor, cursor: string | undefined): Promise<Page<Info>> {
  const creator = Actor.requireRole(actor, "creator");
  return LinkStore.pageByCreator(creator.userId, cursor, LINKS_PAGE);
}

/** A link its creator (or an admin) may see; anyone else gets the same 404 as for a missing code. */
export async function getOwned(actor: Actor, code: string): Promise<Info> {
  const user = Actor.requireRole(actor, "creator");
  const link = CODE_PATTERN.test(code) ? await LinkStore.get(code) : undefined;
  if (!link || (link.creatorId !== user.userId && user.role !== "admin")) throw new LinkNotFoundError();
  return link;
}

export async function update(actor: Actor, code: string, input: UpdateInput): Promise<Info> {
  await getOwned(actor, code);
  const parsed = UpdateInput.parse(input);
  // An empty utm removes the attribute (null), never stores an empty map.
  const changes = parsed.utm === undefined ? parsed : { ...parsed, utm: storedUtm(parsed.utm) ?? null };
  const updated = await LinkStore.update(code, changes, Clock.now().toISOString());
  forget(code);
  return updated;
}

/** One page (100, newest first) of a creator's links (AP21), for platform sweeps. */
export function pageByCreator(creatorId: string, cursor: string | undefined) {
  return LinkStore.pageByCreator(creatorId, cursor);
}

/**
 * The platform's switch on a link (a suspended creator's links answer 410), apart from the creator's own
 * `disabled`; `null` clears it only while it is still `onlyReason`. This process forgets the link at once.
 */
export async function setDisabledReason(
  code: string,
  reason: "account_suspended" | null,
  onlyReason: "account_suspended",
): Promise<void> {
  await LinkStore.setDisabledReason(code, reason, onlyReason);
  forget(code);
}
