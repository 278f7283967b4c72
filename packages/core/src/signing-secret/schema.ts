/**
 * Signing-secret schemas, types, constants and errors: what the domain (index.ts) and its store
 * (signing-secret.dynamo.ts) share, so the store never imports the domain module that imports it.
 */
import * as z from "zod";
import { AppError, NotFoundError } from "../util/errors";

/** Which door a secret opens: our conversion API, a Shopify webhook, or a Stripe webhook endpoint. */
export const Kind = z.enum(["api", "shopify", "stripe"]);
export type Kind = z.infer<typeof Kind>;

/** At most this many active secrets per kind: the old and the new one while a brand rotates. */
export const MAX_ACTIVE = 2;

/** Seconds a signed timestamp may be away from our clock, either way. */
export const TOLERANCE_SECONDS = 300;

/** A secret as listed: never its value. */
export const Info = z.object({
  id: z.string(),
  brandId: z.string(),
  kind: Kind,
  /** The first characters, so a brand can tell which one its store has. */
  hint: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});
export type Info = z.infer<typeof Info>;

export const CreateInput = z.object({
  kind: Kind,
  /**
   * Shopify and Stripe make the secret themselves (the app's API secret, the endpoint's whsec_...); the
   * brand pastes it here. For our API, leave it out and we generate one.
   */
  secret: z.string().trim().min(16).max(200).optional(),
});
export type CreateInput = z.infer<typeof CreateInput>;

export class TooManySecretsError extends AppError {
  constructor() {
    super("conflict", "too_many_secrets", `At most ${MAX_ACTIVE} active secrets per kind; revoke one first`);
  }
}

export class SecretNotFoundError extends NotFoundError {
  constructor() {
    super("Secret", "secret_not_found");
  }
}

export class SignatureInvalidError extends AppError {
  constructor(message = "The signature does not match the body") {
    super("unauthorized", "signature_invalid", message);
  }
}
