import { Click } from "@shopguide/core/click";
import { Stats } from "@shopguide/core/stats";

/** One table change, unmarshalled; `type` is the item's entity type. */
export interface ChangeEvent {
  /** The stream's event id: stable across redelivery, usable as an idempotency key. */
  id: string;
  name: "INSERT" | "MODIFY" | "REMOVE";
  type: string;
  newImage: Record<string, unknown> | undefined;
  oldImage: Record<string, unknown> | undefined;
}

export type Consumer = (change: ChangeEvent) => Promise<void>;

/**
 * Side effects that follow a write, one list per item type (counters, feed fan-out, webhooks out). Each
 * domain's consumers are registered here as they land.
 */
export const consumers: Partial<Record<string, Consumer[]>> = {};

/** Every new click lands in the hourly and daily counters exactly once (the click itself records that). */
async function countClick(change: ChangeEvent): Promise<void> {
  if (change.name !== "INSERT" || !change.newImage) return;
  await Stats.addClick(Click.Info.parse(change.newImage));
}

consumers.click = [countClick];
