/**
 * Every rate limit the platform applies, by name: one table, read by the one limiter (`RateLimit.enforce`)
 * and by the API's `rateLimit(name)` middleware, and documented in docs/api.md ("Rate limits"). A policy
 * holds one rule per key it counts by; a request passes only while every rule's count stays within its
 * limit over the last `windowSeconds` (sliding estimate, see `RateLimit.hit`).
 *
 * Keys: `user` the signed-in account (anonymous callers skip it: the route answers 401 itself), `address`
 * the client address (see client-ip.ts), `email` the account a login names (before it is known to exist),
 * `brand` the brand in the path (the conversion doors, which brands' stores call, not people).
 *
 * Per-address limits are set well above per-account ones: many people share an address (offices, mobile
 * carriers' NAT). `SHOPGUIDE_RATE_LIMITS` overrides any rule's limit (`<policy>.<key>=<limit|off>`, comma
 * separated), for load tests and the test suite; the deployed stacks never set it.
 */
export type RateKey = "user" | "address" | "email" | "brand";

export interface RateRule {
  per: RateKey;
  limit: number;
  windowSeconds: number;
}

export interface RatePolicy {
  /** The routes it guards, for the docs and for reading the table. */
  routes: string;
  rules: readonly RateRule[];
}

const minute = 60;
const hour = 3600;
const day = 86_400;

export const policies = {
  report: {
    routes: "POST /reports",
    rules: [
      { per: "user", limit: 10, windowSeconds: hour },
      { per: "address", limit: 60, windowSeconds: hour },
    ],
  },
  signup: {
    routes: "POST /auth/signup",
    rules: [{ per: "address", limit: 20, windowSeconds: hour }],
  },
  login: {
    routes: "POST /auth/login",
    rules: [
      { per: "address", limit: 30, windowSeconds: minute },
      { per: "email", limit: 10, windowSeconds: minute },
    ],
  },
  "verify-email-resend": {
    routes: "POST /auth/verify-email/resend",
    rules: [
      { per: "user", limit: 3, windowSeconds: hour },
      { per: "address", limit: 30, windowSeconds: hour },
    ],
  },
  "password-reset": {
    routes: "POST /auth/password-reset, POST /auth/password-reset/confirm (no email: address only)",
    rules: [
      { per: "address", limit: 20, windowSeconds: hour },
      { per: "email", limit: 5, windowSeconds: hour },
    ],
  },
  /** Each of these checks the current password: the per-account limit stops guessing it from a stolen session. */
  "account-password": {
    routes: "POST /me/password, POST /me/email, POST /me/delete",
    rules: [
      { per: "user", limit: 10, windowSeconds: hour },
      { per: "address", limit: 100, windowSeconds: hour },
    ],
  },
  /** Name and handle changes: each handle change holds the old one for 30 days, so churn is cut off early. */
  "identity-change": {
    routes: "PATCH /me",
    rules: [
      { per: "user", limit: 5, windowSeconds: hour },
      { per: "address", limit: 60, windowSeconds: hour },
    ],
  },
  /** An export reads up to a thousand items per section. */
  "account-export": {
    routes: "GET /me/export",
    rules: [
      { per: "user", limit: 3, windowSeconds: hour },
      { per: "address", limit: 30, windowSeconds: hour },
    ],
  },
  "member-add": {
    routes: "POST /brands/{brandId}/members (by email)",
    rules: [
      { per: "user", limit: 30, windowSeconds: hour },
      { per: "address", limit: 100, windowSeconds: hour },
    ],
  },
  "link-create": {
    routes: "POST /links",
    rules: [
      { per: "user", limit: 60, windowSeconds: minute },
      { per: "address", limit: 300, windowSeconds: minute },
    ],
  },
  mark: {
    routes: "PUT or DELETE /guides/{id}/like, PUT or DELETE /guides/{id}/save",
    rules: [
      { per: "user", limit: 120, windowSeconds: minute },
      { per: "address", limit: 600, windowSeconds: minute },
    ],
  },
  follow: {
    routes: "PUT or DELETE /creators/{handle}/follow",
    rules: [
      { per: "user", limit: 60, windowSeconds: minute },
      { per: "address", limit: 600, windowSeconds: minute },
    ],
  },
  /**
   * Follow churn over a day, on top of `follow`'s burst limit: each follow or unfollow moves a creator's
   * follower count and a follower's feed (backfill, removal), so a script toggling follows all day is cut off.
   */
  "follow-churn": {
    routes: "PUT or DELETE /creators/{handle}/follow",
    rules: [{ per: "user", limit: 300, windowSeconds: day }],
  },
  "groupbuy-join": {
    routes: "POST or DELETE /groupbuys/{id}/join",
    rules: [
      { per: "user", limit: 20, windowSeconds: minute },
      { per: "address", limit: 600, windowSeconds: minute },
    ],
  },
  "upload-create": {
    routes: "POST /uploads, POST /imports/product",
    rules: [
      { per: "user", limit: 60, windowSeconds: hour },
      { per: "address", limit: 600, windowSeconds: hour },
    ],
  },
  "webhook-ping": {
    routes: "POST /brands/{brandId}/webhooks/{id}/ping, POST /me/webhooks/{id}/ping",
    rules: [
      { per: "user", limit: 10, windowSeconds: minute },
      { per: "address", limit: 60, windowSeconds: minute },
    ],
  },
  /** Public and asked on every few keystrokes (suggestions), so generous per person, bounded per address. */
  search: {
    routes: "GET /search, GET /search/suggest",
    rules: [
      { per: "user", limit: 120, windowSeconds: minute },
      { per: "address", limit: 600, windowSeconds: minute },
    ],
  },
  /**
   * Each check makes a DNS lookup and an outbound fetch to the brand's own domain: a few a minute per
   * brand is plenty for someone waiting on their DNS, and keeps the platform from being a request pump.
   */
  "domain-verify": {
    routes: "POST /brands/{brandId}/domains/{domain}/verify",
    rules: [
      { per: "user", limit: 30, windowSeconds: hour },
      { per: "brand", limit: 10, windowSeconds: minute },
    ],
  },
  "conversion-api": {
    routes: "POST /brands/{brandId}/conversions (door 1, signed S2S)",
    rules: [{ per: "brand", limit: 6000, windowSeconds: minute }],
  },
  "shopify-webhook": {
    routes: "POST /integrations/shopify/{brandId} (door 2)",
    rules: [{ per: "brand", limit: 6000, windowSeconds: minute }],
  },
  "stripe-webhook": {
    routes: "POST /integrations/stripe/{brandId} (door 3)",
    rules: [{ per: "brand", limit: 6000, windowSeconds: minute }],
  },
} as const satisfies Record<string, RatePolicy>;

export type PolicyName = keyof typeof policies;
