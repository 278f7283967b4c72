export * as SigningSecret from "./index";

import { randomBytes } from "node:crypto";
import { Brand } from "../brand";
import type { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { createId } from "../util/id";
import { decrypt, encrypt, hmacSha256, sameBytes } from "./crypto";
import {
  type CreateInput,
  type Info,
  type Kind,
  MAX_ACTIVE,
  SecretNotFoundError,
  SignatureInvalidError,
  TOLERANCE_SECONDS,
} from "./schema";
import { SigningSecretStore } from "./signing-secret.dynamo";

export * from "./schema";

/** Creates a secret and answers its value this once; afterwards only its hint is ever shown. */
export async function create(
  actor: Actor,
  brandId: string,
  input: CreateInput,
): Promise<Info & { secret: string }> {
  await Brand.requireMember(actor, brandId, "admin");
  const secret = input.secret ?? `sgsk_${randomBytes(32).toString("base64url")}`;
  const info: Info = {
    id: createId("sec"),
    brandId,
    kind: input.kind,
    hint: `${secret.slice(0, 9)}…`,
    createdAt: Clock.now().toISOString(),
  };
  await SigningSecretStore.insert(info, await encrypt(secret, brandId), MAX_ACTIVE);
  return { ...info, secret };
}

export async function list(actor: Actor, brandId: string): Promise<Info[]> {
  await Brand.requireMember(actor, brandId, "viewer");
  return (await SigningSecretStore.list(brandId)).map(({ info }) => info);
}

export async function revoke(actor: Actor, brandId: string, secretId: string): Promise<Info> {
  await Brand.requireMember(actor, brandId, "admin");
  const found = (await SigningSecretStore.list(brandId)).find(({ info }) => info.id === secretId);
  if (!found) throw new SecretNotFoundError();
  if (found.info.revokedAt) return found.info;
  const revokedAt = Clock.now().toISOString();
  await SigningSecretStore.revoke(found.info, revokedAt);
  return { ...found.info, revokedAt };
}

/** The plain values of a brand's active secrets of one kind; only the verifiers below use them. */
async function activeSecrets(brandId: string, kind: Kind): Promise<string[]> {
  return Promise.all(
    (await SigningSecretStore.list(brandId))
      .filter(({ info }) => info.kind === kind && !info.revokedAt)
      .map(({ sealed }) => decrypt(sealed, brandId)),
  );
}

function withinTolerance(timestamp: number): boolean {
  return Math.abs(Clock.nowSeconds() - timestamp) <= TOLERANCE_SECONDS;
}

/** `t=<unix seconds>,v1=<hex>[,v1=<hex>...]`, as both our header and Stripe's are shaped. */
function parseTimestamped(
  header: string | undefined,
): { timestamp: number; signatures: Buffer[] } | undefined {
  if (!header) return undefined;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(",")) {
    const [name, value] = part.trim().split("=", 2);
    if (name === "t" && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (name === "v1" && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, "hex"));
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

async function verifyTimestamped(
  brandId: string,
  kind: "api" | "stripe",
  header: string | undefined,
  rawBody: string,
) {
  verifyTimestampedWith(await activeSecrets(brandId, kind), header, rawBody);
}

/**
 * The `t=<unix seconds>,v1=<hex>` check against given secrets: the timestamp within the tolerance of our
 * clock and any v1 value an HMAC-SHA256 of `t + "." + rawBody` under any secret. Door 1 and Stripe use it
 * with a brand's stored secrets; it is also how a receiver of our outgoing webhooks checks them.
 */
export function verifyTimestampedWith(secrets: string[], header: string | undefined, rawBody: string): void {
  const parsed = parseTimestamped(header);
  if (!parsed) throw new SignatureInvalidError("The signature header is missing or malformed");
  if (!withinTolerance(parsed.timestamp)) {
    throw new SignatureInvalidError(`The signature timestamp is more than ${TOLERANCE_SECONDS} seconds away`);
  }
  const message = `${parsed.timestamp}.${rawBody}`;
  // Every secret against every v1 value, with no early exit, so timing tells nothing about which.
  let ok = false;
  for (const secret of secrets) {
    const expected = hmacSha256(secret, message);
    for (const given of parsed.signatures) ok = sameBytes(expected, given) || ok;
  }
  if (!ok) throw new SignatureInvalidError();
}

/** Door 1: `Shopguide-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`. */
export function verifyApi(brandId: string, header: string | undefined, rawBody: string): Promise<void> {
  return verifyTimestamped(brandId, "api", header, rawBody);
}

/** Door 3: Stripe's `Stripe-Signature`, the same shape over `t.body` with the endpoint's whsec_ secret. */
export function verifyStripe(brandId: string, header: string | undefined, rawBody: string): Promise<void> {
  return verifyTimestamped(brandId, "stripe", header, rawBody);
}

/** Door 2: Shopify's `X-Shopify-Hmac-Sha256`, base64 HMAC-SHA256 of the raw body (no timestamp). */
export async function verifyShopify(
  brandId: string,
  header: string | undefined,
  rawBody: string,
): Promise<void> {
  if (!header || !/^[A-Za-z0-9+/]{43}=$/.test(header.trim())) {
    throw new SignatureInvalidError("The X-Shopify-Hmac-Sha256 header is missing or malformed");
  }
  const given = Buffer.from(header.trim(), "base64");
  let ok = false;
  for (const secret of await activeSecrets(brandId, "shopify"))
    ok = sameBytes(hmacSha256(secret, rawBody), given) || ok;
  if (!ok) throw new SignatureInvalidError();
}

/** Signs a body as door 1 expects; for the console's "send a test conversion" and for docs and tests. */
export function signApi(secret: string, timestamp: number, rawBody: string): string {
  return `t=${timestamp},v1=${hmacSha256(secret, `${timestamp}.${rawBody}`).toString("hex")}`;
}

/** A brand's newest active API secret, decrypted, for the console's test conversion (never returned). */
export async function newestApiSecret(brandId: string): Promise<string | undefined> {
  const secrets = await activeSecrets(brandId, "api");
  return secrets.at(-1);
}
