export * as Profile from "./index";

import { Audit } from "../audit";
import { Image } from "../image";
import { User } from "../user";
import { Actor } from "../util/actor";
import { parseInput } from "../util/validate";
import { ProfileStore } from "./profile.dynamo";
import {
  CannotFollowSelfError,
  CreatorNotFoundError,
  type Info,
  type Stored,
  UpdateInput,
  VerifiedInput,
} from "./schema";

export * from "./schema";

export function empty(userId: string): Stored {
  return {
    userId,
    bio: "",
    avatarUrl: null,
    links: [],
    avatar: null,
    banner: null,
    verified: false,
    followerCount: 0,
    followingCount: 0,
  };
}

function present(user: User.Info, stored: Stored | undefined): Info {
  const {
    fanoutMode: _mode,
    fanoutModeAt: _modeAt,
    suspendedAt: _suspendedAt,
    ...shown
  } = stored ?? empty(user.id);
  return {
    ...shown,
    handle: user.handle,
    displayName: user.displayName,
    role: user.role,
  };
}

export async function getByHandle(handle: string): Promise<Info> {
  const user = await User.findByHandle(handle);
  // A suspended creator's storefront is not public: the same 404 as an unknown handle.
  if (!user || user.suspendedAt) throw new CreatorNotFoundError();
  return present(user, await ProfileStore.get(user.id));
}

export async function getById(userId: string): Promise<Info> {
  const user = await User.get(userId);
  return present(user, await ProfileStore.get(userId));
}

/** Stored profiles (counts, badge) for many users at once; missing ones read as empty. */
export async function storedMany(userIds: string[]): Promise<Map<string, Stored>> {
  const found = await ProfileStore.getMany([...new Set(userIds)]);
  return new Map(userIds.map((id) => [id, found.get(id) ?? empty(id)]));
}

export async function update(actor: Actor, input: UpdateInput): Promise<Info> {
  const { userId } = Actor.requireUser(actor);
  const { avatarImageId, bannerImageId, ...fields } = parseInput(UpdateInput, input);
  const { displayName } = await User.get(userId);
  const image = async (imageId: string | null | undefined, alt: string) =>
    imageId === undefined ? undefined : imageId === null ? null : Image.attach(actor, { imageId, alt });
  const avatar = await image(avatarImageId, displayName);
  const banner = await image(bannerImageId, `${displayName}'s banner`);
  await ProfileStore.update(userId, {
    ...fields,
    ...(avatar !== undefined && { avatar }),
    ...(banner !== undefined && { banner }),
  });
  return getById(userId);
}

/**
 * The verified badge is an admin's call, never the creator's; granting or revoking it writes an audit entry
 * in the same transaction. A profile already in that state is answered as it is, and nothing is audited.
 */
export async function setVerified(
  actor: Actor,
  handle: string,
  input: { verified: boolean; reason?: string | undefined },
): Promise<Info> {
  Actor.requireRole(actor, "admin");
  const { verified, reason } = parseInput(VerifiedInput, input);
  const profile = await getByHandle(handle);
  if (profile.verified === verified) return profile;
  const audit = Audit.put(actor, {
    action: verified ? "badge_granted" : "badge_revoked",
    target: { type: "creator", id: profile.userId },
    reason: reason ?? (verified ? "Verified badge granted" : "Verified badge revoked"),
  });
  await ProfileStore.setVerified(profile.userId, verified, audit);
  return { ...profile, verified };
}

async function creatorFor(follower: { userId: string }, handle: string): Promise<User.Info> {
  const creator = await User.findByHandle(handle);
  if (creator?.role !== "creator") throw new CreatorNotFoundError();
  if (creator.id === follower.userId) throw new CannotFollowSelfError();
  return creator;
}

export interface FollowState {
  following: boolean;
  followerCount: number;
}

/** Idempotent: following twice is one follow. Counts move in the same transaction as the follow item. */
export async function follow(actor: Actor, handle: string): Promise<FollowState> {
  const follower = Actor.requireUser(actor);
  const creator = await creatorFor(follower, handle);
  await ProfileStore.follow(follower.userId, creator.id);
  const stored = await ProfileStore.get(creator.id);
  return { following: true, followerCount: stored?.followerCount ?? 0 };
}

/** Idempotent: unfollowing someone you do not follow changes nothing. */
export async function unfollow(actor: Actor, handle: string): Promise<FollowState> {
  const follower = Actor.requireUser(actor);
  const creator = await creatorFor(follower, handle);
  await ProfileStore.unfollow(follower.userId, creator.id);
  const stored = await ProfileStore.get(creator.id);
  return { following: false, followerCount: stored?.followerCount ?? 0 };
}

/** Removes one follow by ids, counters with it (an account deletion); idempotent like unfollow. */
export function removeFollow(followerId: string, creatorId: string): Promise<void> {
  return ProfileStore.unfollow(followerId, creatorId);
}

export function isFollowing(followerId: string, creatorId: string): Promise<boolean> {
  return ProfileStore.isFollowing(followerId, creatorId);
}

/** The first `max` creators a user follows (ids, by id), and whether that is all of them. */
export function followedCreatorIds(
  followerId: string,
  max: number,
): Promise<{ ids: string[]; complete: boolean }> {
  return ProfileStore.followedCreatorIds(followerId, max);
}

/** Which of these creators the user follows. */
export function followsAmong(followerId: string, creatorIds: string[]): Promise<Set<string>> {
  return ProfileStore.followsAmong(followerId, creatorIds);
}

/**
 * Switches a creator's fan-out mode, only if it is still `from` (unset counts as unset) and the last
 * switch is no later than `notAfter`: of racing deciders one wins. True when this call switched it.
 */
export function switchFanoutMode(
  creatorId: string,
  change: { from: "push" | "pull" | undefined; to: "push" | "pull"; at: Date; lastSwitchNotAfter: Date },
): Promise<boolean> {
  return ProfileStore.switchFanoutMode(creatorId, change);
}

/** One page of a creator's followers, for fan-out. */
export function followersPage(
  creatorId: string,
  after: Record<string, unknown> | undefined,
): Promise<{ followerIds: string[]; next: Record<string, unknown> | undefined }> {
  return ProfileStore.followersPage(creatorId, after);
}

/** Every follower id of a creator, straight from the follow items (tests and audits compare counts). */
export async function countFollowItems(creatorId: string): Promise<number> {
  let count = 0;
  let after: Record<string, unknown> | undefined;
  do {
    const page = await ProfileStore.followersPage(creatorId, after);
    count += page.followerIds.length;
    after = page.next;
  } while (after);
  return count;
}
