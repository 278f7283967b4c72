import { wire } from "../dynamo/wire";
import type { Target } from "./resolve";

/** Key of a link item (see dynamo/README.md): `LINK#<code>` / `LINK`. */
export const linkKey = (code: string) => ({ pk: `LINK#${code}`, sk: "LINK" });

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * AP20 for the redirect: the link's target by code, over the SDK-free client (dynamo/wire.ts), read by
 * hand rather than through the zod schema so neither lands in the redirect's bundle.
 */
export async function getTarget(code: string): Promise<Target | undefined> {
  const item = await wire.get(linkKey(code));
  if (!item) return undefined;
  const url = text(item.url);
  const creatorId = text(item.creatorId);
  if (!url || !creatorId) throw new Error(`Link ${code} is stored without url or creatorId`);
  const utm = item.utm && typeof item.utm === "object" ? (item.utm as Record<string, unknown>) : undefined;
  return {
    code,
    url,
    creatorId,
    guideId: text(item.guideId),
    utm: utm && { source: text(utm.source), medium: text(utm.medium), campaign: text(utm.campaign) },
    disabled: item.disabled === true,
    disabledReason: item.disabledReason === "account_suspended" ? "account_suspended" : undefined,
  };
}
