import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { reloadConfig } from "@shopguide/core/config";
import { RateLimit } from "@shopguide/core/ratelimit";
import { Clock } from "@shopguide/core/util/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readJson, signUp, type TestAccount } from "../../../../tests/fixtures/accounts";
import { app } from "./app";

/**
 * The rate-limit table: every policy of core's table, every rule of it, at a deliberately lowered limit
 * (SHOPGUIDE_RATE_LIMITS, the documented override) against the real middleware, limiter and table. For each
 * rule: `limit` requests pass, the next answers 429 `rate_limited` with Retry-After, and a caller with
 * another value of that key (another account, address, email or brand) is not affected.
 */

const LOWERED = 3;
const suiteEnv = { limits: process.env.SHOPGUIDE_RATE_LIMITS, trustProxy: process.env.SHOPGUIDE_TRUST_PROXY };

/** Lowers one rule to LOWERED and lifts every other rule out of the way, so only that rule can refuse. */
function isolate(policy: RateLimit.PolicyName, per: RateLimit.RateKey): void {
  process.env.SHOPGUIDE_RATE_LIMITS = Object.entries(RateLimit.policies)
    .flatMap(([name, { rules }]) =>
      rules.map((rule) => `${name}.${rule.per}=${name === policy && rule.per === per ? LOWERED : 100_000}`),
    )
    .join(",");
  reloadConfig();
}

/**
 * Moves the platform clock a second into a fresh hour (also a fresh minute), so no window boundary falls
 * mid-case. A rule counting over a day (`follow-churn`) shares its routes with a per-minute one, whose cases
 * ran before with the same account: for it the clock moves on two whole days, out of the sliding estimate.
 */
function freshWindow(windowSeconds = 3600): void {
  const span = Math.max(3600, windowSeconds);
  const into = (Clock.nowMs() % (span * 1000)) / 1000;
  Clock.advance(span - into + 1 + (span > 3600 ? span : 0));
}

interface Caller {
  account: TestAccount;
  address: string;
  /** The email a login names, the brand a door is called for. */
  email: string;
  brandId: string;
}

type Send = (caller: Caller, attempt: number) => Promise<Response>;

async function request(caller: Caller, method: string, path: string, body?: unknown): Promise<Response> {
  return app.request(path, {
    method,
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": caller.address,
      ...caller.account.auth,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const sends: Record<RateLimit.PolicyName, Send> = {
  // The limit counts before the target is looked up: an unknown guide still spends an attempt.
  report: (caller) =>
    request(caller, "POST", "/api/v1/reports", {
      target: { type: "guide", id: "gde_01J00000000000000000000000" },
      reason: "spam",
    }),
  signup: (caller) =>
    request(caller, "POST", "/api/v1/auth/signup", {
      email: `rl-${randomUUID().slice(0, 12)}@example.test`,
      password: "long enough password",
      handle: `rl_${randomUUID().replace(/-/g, "").slice(0, 12)}`,
      displayName: "Rate limited",
      role: "follower",
    }),
  login: (caller) =>
    request(caller, "POST", "/api/v1/auth/login", { email: caller.email, password: "not the password" }),
  "verify-email-resend": (caller) => request(caller, "POST", "/api/v1/auth/verify-email/resend"),
  "password-reset": (caller) =>
    request(caller, "POST", "/api/v1/auth/password-reset", { email: caller.email }),
  "account-password": (caller) =>
    request(caller, "POST", "/api/v1/me/password", {
      currentPassword: "not the password",
      newPassword: "another long passphrase",
    }),
  "identity-change": (caller, attempt) =>
    request(caller, "PATCH", "/api/v1/me", { displayName: `Renamed ${attempt}` }),
  "account-export": (caller) => request(caller, "GET", "/api/v1/me/export"),
  "member-add": (caller) =>
    request(caller, "POST", `/api/v1/brands/${caller.brandId}/members`, {
      user: "someone@example.test",
      role: "member",
    }),
  "link-create": (caller) =>
    request(caller, "POST", "/api/v1/links", { url: `https://shop.example/p/${randomUUID()}` }),
  // One bucket for liking, saving and taking either back.
  mark: (caller, attempt) =>
    request(
      caller,
      attempt % 2 === 0 ? "PUT" : "DELETE",
      `/api/v1/guides/gde_01J0000000000000000000000${attempt % 4 < 2 ? "0" : "1"}/${attempt % 4 < 2 ? "like" : "save"}`,
    ),
  follow: (caller, attempt) =>
    request(caller, attempt % 2 === 0 ? "PUT" : "DELETE", "/api/v1/creators/nobody_here/follow"),
  "follow-churn": (caller, attempt) =>
    request(caller, attempt % 2 === 0 ? "PUT" : "DELETE", "/api/v1/creators/nobody_here/follow"),
  "groupbuy-join": (caller, attempt) =>
    request(
      caller,
      attempt % 2 === 0 ? "POST" : "DELETE",
      "/api/v1/groupbuys/grb_01J00000000000000000000000/join",
      attempt % 2 === 0 ? {} : undefined,
    ),
  // Declaring and importing share one bucket.
  "upload-create": (caller, attempt) =>
    attempt % 2 === 0
      ? request(caller, "POST", "/api/v1/uploads", { purpose: "avatar", contentType: "image/png", size: 100 })
      : request(caller, "POST", "/api/v1/imports/product", { url: "https://shop.example/p/1" }),
  "webhook-ping": (caller, attempt) =>
    request(
      caller,
      "POST",
      attempt % 2 === 0
        ? "/api/v1/me/webhooks/whk_01J00000000000000000000000/ping"
        : `/api/v1/brands/${caller.brandId}/webhooks/whk_01J00000000000000000000000/ping`,
    ),
  // Searching and suggesting share one bucket.
  search: (caller, attempt) =>
    request(caller, "GET", attempt % 2 === 0 ? "/api/v1/search?q=pan" : "/api/v1/search/suggest?q=pa"),
  "domain-verify": (caller) =>
    request(caller, "POST", `/api/v1/brands/${caller.brandId}/domains/shop.example/verify`),
  "conversion-api": (caller) =>
    request(caller, "POST", `/api/v1/brands/${caller.brandId}/conversions`, { orderId: "o-1" }),
  "shopify-webhook": (caller) =>
    request(caller, "POST", `/api/v1/integrations/shopify/${caller.brandId}`, { id: 1 }),
  "stripe-webhook": (caller) =>
    request(caller, "POST", `/api/v1/integrations/stripe/${caller.brandId}`, { id: "evt_1" }),
};

/** The caller with another value of exactly the key under test. */
function other(caller: Caller, per: RateLimit.RateKey, accounts: TestAccount[]): Caller {
  switch (per) {
    case "user":
      return { ...caller, account: accounts[1] ?? caller.account };
    case "address":
      return { ...caller, address: nextAddress() };
    case "email":
      return { ...caller, email: `other-${randomUUID().slice(0, 8)}@example.test` };
    case "brand":
      return { ...caller, brandId: nextBrand() };
  }
}

let addresses = 0;
const nextAddress = () => `198.51.100.${++addresses}`;
const nextBrand = () => `brd_${randomUUID().replace(/-/g, "").slice(0, 26).toUpperCase()}`;

const cases = Object.entries(RateLimit.policies).flatMap(([name, policy]) =>
  policy.rules.map((rule) => [name as RateLimit.PolicyName, rule.per] as const),
);

describe("rate limits", () => {
  const accounts: TestAccount[] = [];

  beforeAll(async () => {
    // Made under the suite's limits, before any is lowered.
    accounts.push(await signUp("creator"), await signUp("creator"));
    process.env.SHOPGUIDE_TRUST_PROXY = "1";
  });

  afterAll(() => {
    process.env.SHOPGUIDE_RATE_LIMITS = suiteEnv.limits;
    if (suiteEnv.trustProxy === undefined) delete process.env.SHOPGUIDE_TRUST_PROXY;
    else process.env.SHOPGUIDE_TRUST_PROXY = suiteEnv.trustProxy;
    reloadConfig();
  });

  it.each(cases)(
    "%s per %s: the limit passes, one more answers 429 with Retry-After, others are unaffected",
    async (policy, per) => {
      isolate(policy, per);
      freshWindow(RateLimit.policies[policy].rules.find((rule) => rule.per === per)?.windowSeconds);
      const [first] = accounts;
      if (!first) throw new Error("no account");
      const caller: Caller = {
        account: first,
        address: nextAddress(),
        email: `rl-${randomUUID().slice(0, 8)}@example.test`,
        brandId: nextBrand(),
      };
      const send = sends[policy];
      for (let attempt = 0; attempt < LOWERED; attempt++) {
        const response = await send(caller, attempt);
        expect(response.status, `attempt ${attempt + 1} of ${LOWERED}`).not.toBe(429);
        expect(response.status).toBeLessThan(500);
      }
      const refused = await send(caller, LOWERED);
      expect(refused.status).toBe(429);
      expect((await readJson(refused)).error.code).toBe("rate_limited");
      const retryAfter = Number(refused.headers.get("retry-after"));
      const rule = RateLimit.policies[policy].rules.find((candidate) => candidate.per === per);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(rule?.windowSeconds ?? 0);

      const unaffected = await send(other(caller, per, accounts), LOWERED);
      expect(unaffected.status).not.toBe(429);
      expect(unaffected.status).toBeLessThan(500);
    },
  );

  it("keeps the real limits when nothing overrides them, and docs/api.md lists every rule as it is", () => {
    process.env.SHOPGUIDE_RATE_LIMITS = "";
    reloadConfig();
    const docs = readFileSync(new URL("../../../../docs/api.md", import.meta.url), "utf8");
    for (const [name, policy] of Object.entries(RateLimit.policies)) {
      for (const rule of policy.rules) {
        expect(RateLimit.limitOf(name as RateLimit.PolicyName, rule.per)).toBe(rule.limit);
        const row = `| \`${name}\` | ${rule.per} | ${rule.limit} | ${rule.windowSeconds} s |`;
        expect(docs, `docs/api.md row ${row}`).toContain(row);
      }
    }
  });
});
