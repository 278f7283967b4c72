import { wire } from "../dynamo/wire";
import { toItem } from "./item";
import type { Info } from "./schema";

/**
 * AP23: record one click, the redirect Lambda's only write, over the SDK-free client (dynamo/wire.ts).
 * Click ids are fresh, so no condition, and a retried PutItem writes the same item again.
 */
export async function putClick(click: Info): Promise<void> {
  await wire.put(toItem(click));
}
