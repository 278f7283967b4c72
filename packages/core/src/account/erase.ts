/**
 * Deleting one's account (docs/privacy.md). What the person made and said goes: sessions, profile fields,
 * guides, follows both ways, brand memberships, and their email (free at once). Their referral links stop redirecting to them.
 * Money records (conversions, commissions, statements, payouts) stay, as bookkeeping law requires, under a
 * stable pseudonym `deleted-user-<hash>`: the user item keeps only that and its id. The handle is held for
 * `User.HANDLE_HOLD_DAYS` so no one can pose as the person at once, then is free.
 */
import { createHash } from "node:crypto";
import * as z from "zod";
import { Brand } from "../brand";
import { Conversion } from "../conversion";
import { Guide } from "../guide";
import { Link } from "../link";
import { Mail } from "../mail";
import { Profile } from "../profile";
import { Session } from "../session";
import { User } from "../user";
import { Actor } from "../util/actor";
import { parseInput } from "../util/validate";
import { AccountMails } from "./mails";
import { UnpaidBalanceError } from "./schema";

export const DeleteAccountInput = z.object({
  password: z.string().min(1, { error: "Enter your password" }).max(200),
  confirm: z.literal("DELETE", { error: "Type DELETE to confirm" }),
});
export type DeleteAccountInput = z.infer<typeof DeleteAccountInput>;

/** Follows removed in the request, each way; a creator with more followers is refused (see docs/privacy.md). */
export const MAX_FOLLOWS_REMOVED = 5000;

/** The stable pseudonym a deleted account's money records carry (not reversible to the person). */
export function pseudonymOf(userId: string): string {
  return `deleted-user-${createHash("sha256").update(userId).digest("hex").slice(0, 12)}`;
}

/** True while any commission is still on its way to the creator: pending, held, or approved and unpaid. */
async function owedMoney(actor: Actor): Promise<boolean> {
  const { totals } = await Conversion.earnings(actor);
  return totals.some((sums) => sums.pending + sums.held + sums.approved > 0);
}

async function removeFollows(userId: string): Promise<void> {
  const following = await Profile.followedCreatorIds(userId, MAX_FOLLOWS_REMOVED);
  for (const creatorId of following.ids) await Profile.removeFollow(userId, creatorId);
  let after: Record<string, unknown> | undefined;
  let removed = 0;
  do {
    const page = await Profile.followersPage(userId, after);
    for (const followerId of page.followerIds) await Profile.removeFollow(followerId, userId);
    removed += page.followerIds.length;
    after = page.next;
  } while (after && removed < MAX_FOLLOWS_REMOVED);
}

async function removeCreatorContent(actor: Actor): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await Guide.listMine(actor, { limit: 50, cursor });
    for (const guide of page.items) await Guide.remove(actor, guide.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  do {
    const page = await Link.listMine(actor, cursor);
    for (const link of page.items)
      if (!link.disabled) await Link.update(actor, link.code, { disabled: true });
    cursor = page.nextCursor;
  } while (cursor);
}

/**
 * Deletes the caller's account for good, after the password and the typed word `DELETE`. A creator with money
 * still on its way is refused (409 `unpaid_balance`), and so is the only owner or admin of a brand (409
 * `last_brand_admin`: they hand the brand over first); every brand membership is removed. Each step is idempotent, and the account's own item is
 * rewritten last, so a failure part-way leaves an account the person can sign into and delete again.
 */
export async function deleteAccount(actor: Actor, raw: DeleteAccountInput): Promise<void> {
  const { userId } = Actor.requireUser(actor);
  const input = parseInput(DeleteAccountInput, raw);
  const user = await User.checkPassword(userId, input.password, "password");
  const self: Actor = { kind: "user", userId, handle: user.handle, role: user.role };
  if (user.role === "creator" && (await owedMoney(self))) throw new UnpaidBalanceError();
  const orphaned = await Brand.soleManagerOf(userId);
  if (orphaned.length > 0) throw new Brand.LastBrandAdminError(orphaned);
  await Session.revokeAll(userId);
  await Brand.removeMemberships(userId);
  if (user.role === "creator") await removeCreatorContent(self);
  await Profile.update(self, {
    bio: "",
    avatarUrl: null,
    links: [],
    avatarImageId: null,
    bannerImageId: null,
  });
  await removeFollows(userId);
  const pseudonym = pseudonymOf(userId);
  await Conversion.renameCreator(userId, pseudonym);
  await User.erase(user, pseudonym);
  await Mail.send({
    ...AccountMails.accountDeleted({ displayName: user.displayName }),
    to: user.email,
    eventId: `account_deleted:${userId}`,
    transactional: true,
  });
}
