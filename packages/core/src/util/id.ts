import { monotonicFactory } from "ulid";
import { Clock } from "./clock";

const nextUlid = monotonicFactory();

/**
 * Ids carry their entity type and sort by creation time: `usr_01JD6...`. Monotonic within one process,
 * so two ids made in the same millisecond still sort in creation order.
 */
export function createId<P extends string>(prefix: P): `${P}_${string}` {
  return `${prefix}_${nextUlid(Clock.nowMs())}`;
}
