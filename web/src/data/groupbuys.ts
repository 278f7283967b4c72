import * as Money from "@shopguide/core/util/money";
import type { InferResponseType } from "hono/client";
import { type Accessor, createEffect, createResource, createSignal, onCleanup } from "solid-js";
import { ApiError, api, unwrap } from "../api/client";

/** Types straight from the API's own route types. */
export type GroupBuy = InferResponseType<(typeof api.v1.groupbuys)[":id"]["$get"], 200>;
export type Tier = GroupBuy["tiers"][number];
export type Participation = InferResponseType<(typeof api.v1.groupbuys)[":id"]["join"]["$get"], 200>;
export type MyGroupBuy = InferResponseType<typeof api.v1.me.groupbuys.$get, 200>["items"][number];

/** How often a live group-buy is read again while someone watches it. */
export const POLL_MS = 3_000;

export const GroupBuys = {
  get: (id: string) => unwrap(api.v1.groupbuys[":id"].$get({ param: { id } })),
  /** The caller's seat, or null when they have none. */
  async mine(id: string): Promise<Participation | null> {
    try {
      return await unwrap(api.v1.groupbuys[":id"].join.$get({ param: { id } }));
    } catch (error) {
      if (error instanceof ApiError && error.code === "participation_not_found") return null;
      throw error;
    }
  },
  join: (id: string, quantity: number, ref: string | undefined) =>
    unwrap(api.v1.groupbuys[":id"].join.$post({ param: { id }, json: { quantity, ref } })),
  leave: (id: string) => unwrap(api.v1.groupbuys[":id"].join.$delete({ param: { id } })),
  listMine: (cursor?: string) => unwrap(api.v1.me.groupbuys.$get({ query: { cursor } })),
  listByBrand: (brandId: string, cursor?: string) =>
    unwrap(api.v1.brands[":brandId"].groupbuys.$get({ param: { brandId }, query: { cursor } })),
};

/**
 * A group-buy that stays current: read once, then again every POLL_MS while it can still change (stops once
 * settled and its codes are out, or when the owner unmounts). `stale` is true after a poll failed; the next
 * round tries again.
 */
export function createLiveGroupBuy(id: Accessor<string>) {
  const [groupbuy, { mutate }] = createResource(id, GroupBuys.get);
  const [stale, setStale] = createSignal(false);
  const [round, setRound] = createSignal(0);
  createEffect(() => {
    round();
    const current = groupbuy.latest;
    if (!current || !isLive(current)) return;
    const timer = setTimeout(async () => {
      try {
        mutate(await GroupBuys.get(current.id));
        setStale(false);
      } catch (failure) {
        // An API error or a dropped connection: keep the last state on screen, say so, and try again.
        if (!(failure instanceof ApiError) && !(failure instanceof TypeError)) throw failure;
        setStale(true);
      } finally {
        setRound((value) => value + 1);
      }
    }, POLL_MS);
    onCleanup(() => clearTimeout(timer));
  });
  return { groupbuy, set: (next: GroupBuy) => mutate(next), stale };
}

/** Whether a group-buy can still change by itself: open, or succeeded with codes still being issued. */
export function isLive(groupbuy: GroupBuy): boolean {
  return groupbuy.status === "open" || (groupbuy.status === "succeeded" && !groupbuy.codesIssuedAt);
}

/** A tier's saving on the base price, in whole percent (rounded down, so it never overstates). */
export function percentOff(groupbuy: Pick<GroupBuy, "basePrice">, tier: Tier): number {
  return Math.floor(((groupbuy.basePrice.amount - tier.price.amount) / groupbuy.basePrice.amount) * 100);
}

export function tierText(groupbuy: GroupBuy, tier: Tier): string {
  return `${tier.participants}+ people: ${Money.display(tier.price)} (${percentOff(groupbuy, tier)}% off)`;
}

/** The one-line progress: "7 more to unlock 20% off", or where it stands once no tier is left to reach. */
export function progressText(groupbuy: GroupBuy): string {
  if (groupbuy.status === "succeeded")
    return `Unlocked: everyone pays ${Money.display(groupbuy.currentPrice)}`;
  if (groupbuy.status === "failed") return "Did not reach its minimum";
  const next = groupbuy.nextTier;
  const remaining = groupbuy.remainingForNextTier;
  if (next && remaining !== null) {
    const people = remaining === 1 ? "1 more" : `${remaining} more`;
    return `${people} to unlock ${percentOff(groupbuy, next)}% off`;
  }
  return groupbuy.currentTier ? "Best price unlocked" : "Join to bring the price down";
}

export function seatsText(groupbuy: GroupBuy): string {
  return `${groupbuy.participants} joined · ${groupbuy.minParticipants} needed to go ahead · ${groupbuy.unitsLeft} of ${groupbuy.capacity} units left`;
}

/** "2d 03:04:05", "04:05" style; what is left of a deadline in whole seconds. */
export function formatCountdown(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const pad = (value: number) => String(value).padStart(2, "0");
  const clock = `${pad(hours)}:${pad(minutes)}:${pad(seconds % 60)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/**
 * Seconds left, ticking every second. It counts down from the server's `timeLeftSeconds` (read by the
 * platform clock) rather than from the deadline, so a browser clock that is off, or the local dev clock,
 * cannot make it lie.
 */
export function createCountdown(groupbuy: Accessor<GroupBuy | undefined>): Accessor<number> {
  const [tick, setTick] = createSignal(performance.now());
  let basis: { seconds: number; at: number; of: GroupBuy } | undefined;
  const timer = setInterval(() => setTick(performance.now()), 1000);
  onCleanup(() => clearInterval(timer));
  return () => {
    const now = tick();
    const current = groupbuy();
    if (!current) return 0;
    if (basis?.of !== current) basis = { seconds: current.timeLeftSeconds, at: now, of: current };
    return Math.max(0, basis.seconds - Math.floor((now - basis.at) / 1000));
  };
}

/** What a failed join or leave means to the person who tried, by the API's stable error codes. */
export function joinErrorText(error: ApiError): string {
  switch (error.code) {
    case "groupbuy_full":
      return "Sorry, every seat is taken.";
    case "groupbuy_closed":
      return "This group-buy has closed: no more joins or leaves.";
    case "already_joined":
      return "You have already joined this group-buy.";
    case "participation_not_found":
      return "You are not in this group-buy.";
    case "unauthorized":
      return "Sign in to join.";
    default:
      return error.fieldErrors().quantity ?? error.message;
  }
}
