import { randomUUID } from "node:crypto";
import { Session } from "@shopguide/core/session";
import { User } from "@shopguide/core/user";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../packages/functions/src/api/app";
import { json, readJson, type TestAccount } from "../fixtures/accounts";
import { call, createBrand, createCampaign, type TestBrand } from "../fixtures/commerce";
import { publishGuide } from "../fixtures/guides";
import { anyJson, arbitraryFor, NASTY_STRINGS, type Schema } from "../fixtures/schema-arbitrary";

/**
 * A schema-driven fuzz run over the whole OpenAPI document: every operation, called as every role, with
 * bounded examples generated from its own request schema (biased to edges, wrong types, extra fields and
 * hostile strings), real and bogus path ids, and tampered cursors. Whatever the input, the answer is never
 * a 5xx, and every 4xx is the JSON error shape with a stable code. The seed is fixed so a failure
 * reproduces; SHOPGUIDE_FUZZ_SEED and SHOPGUIDE_FUZZ_RUNS explore further, SHOPGUIDE_FUZZ_ONLY=<path part>
 * narrows a run to matching operations.
 */
const SEED = Number(process.env.SHOPGUIDE_FUZZ_SEED ?? 20261129);
const RUNS = Number(process.env.SHOPGUIDE_FUZZ_RUNS ?? 4);

type Role = "anonymous" | "follower" | "creator" | "brand" | "admin";
const ROLES: Role[] = ["anonymous", "follower", "creator", "brand", "admin"];

interface Operation {
  method: string;
  path: string;
  parameters: { in: string; name: string; required?: boolean; schema?: Schema }[];
  body?: Schema;
}

/** An account made through the core verbs: the fuzz run is about the routes, not the signup limits. */
async function account(role: "follower" | "creator" | "brand" | "admin"): Promise<TestAccount> {
  const handle = `fz_${role.slice(0, 3)}_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const email = `${handle}@example.test`;
  const password = "correct horse battery staple";
  // Creators and brands confirm their email (creating a brand and being paid need it); followers may not.
  const user = await User.create(
    { email, handle, password, displayName: `Fuzz ${role}`, role },
    { emailVerified: role !== "follower" },
  );
  const { token } = await Session.create(user.id);
  return { id: user.id, handle, email, password, token, auth: { authorization: `Bearer ${token}` } };
}

let document: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: Record<string, unknown>;
};
let accounts: Record<Exclude<Role, "anonymous">, TestAccount>;
/** Real values for each path parameter name, so the fuzzer reaches past the 404s into the handlers. */
const real: Record<string, string[]> = {};

function remember(name: string, value: unknown) {
  if (typeof value !== "string" || !value) return;
  real[name] = [...(real[name] ?? []), value];
}

beforeAll(async () => {
  document = await readJson(await app.request("/api/openapi.json"));
  accounts = {
    follower: await account("follower"),
    creator: await account("creator"),
    brand: await account("brand"),
    admin: await account("admin"),
  };
  const brand: TestBrand = await createBrand({ owner: accounts.brand });
  remember("brandId", brand.id);
  const campaign = await createCampaign(brand);
  remember("id", campaign.id);
  await call("POST", `/api/v1/campaigns/${campaign.id}/enrollments`, accounts.creator, {});
  const groupbuy = await readJson(
    await call("POST", "/api/v1/campaigns", accounts.brand, {
      brandId: brand.id,
      type: "groupbuy",
      name: "Fuzz kettle",
      product: { title: "Kettle", url: `https://${brand.domain}/products/kettle` },
      basePrice: { amount: 10_000, currency: "USD" },
      tiers: [{ participants: 2, price: { amount: 9_000, currency: "USD" } }],
      minParticipants: 2,
      capacity: 10,
      maxQuantityPerPerson: 2,
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
      rule: { kind: "percent", bps: 1000 },
    }),
  );
  remember("id", groupbuy.id);
  const guideId = await publishGuide(accounts.creator);
  remember("id", guideId);
  const link = await readJson(
    await call("POST", "/api/v1/links", accounts.creator, { url: `https://${brand.domain}/products/tee` }),
  );
  remember("code", link.code);
  const product = await readJson(
    await call("POST", `/api/v1/brands/${brand.id}/products`, accounts.brand, {
      sku: "FZ-1",
      title: "Fuzz tee",
      url: `https://${brand.domain}/products/tee`,
      price: { amount: 2_500, currency: "USD" },
    }),
  );
  remember("productId", product.id);
  remember("handle", accounts.creator.handle);
  remember("tag", "kitchen");
  remember("slug", "kitchen");
}, 120_000);

function resolveRef(ref: string): Schema {
  const name = ref.replace("#/components/schemas/", "");
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  return schemas[name] ?? {};
}

function operations(): Operation[] {
  const all: Operation[] = [];
  for (const [path, byMethod] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(byMethod)) {
      const content = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
        ?.content;
      all.push({
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters as Operation["parameters"]) ?? [],
        body: content?.["application/json"]?.schema,
      });
    }
  }
  // Destructive calls last, and the dev clock after everything, so they cannot hide other routes' answers.
  const rank = (operation: Operation) =>
    operation.path.startsWith("/api/dev")
      ? 3
      : operation.method === "DELETE"
        ? 2
        : operation.path.endsWith("/logout")
          ? 2
          : 1;
  return all.sort((a, b) => rank(a) - rank(b));
}

/** Cursors a client could hand back: garbage, other shapes, and real-looking keys from elsewhere. */
const CURSORS = [
  "garbage",
  Buffer.from(JSON.stringify({ pk: "USER#x", sk: "USER" })).toString("base64url"),
  Buffer.from(JSON.stringify({ pk: "USER#x", sk: "USER", extra: { a: 1 } })).toString("base64url"),
  Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000Z#gde_x"])).toString("base64url"),
  Buffer.from("null").toString("base64url"),
  Buffer.from(JSON.stringify({ pk: 1 })).toString("base64url"),
  "%%%",
];

function parameterArbitrary(parameter: Operation["parameters"][number]): fc.Arbitrary<unknown> {
  if (parameter.in === "path") {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...(real[parameter.name] ?? ["missing"])) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          ...NASTY_STRINGS.filter((value) => value.length < 300 && !/[\ud800-\udfff]/.test(value)),
        ),
      },
    );
  }
  if (parameter.name === "cursor") return fc.constantFrom(undefined, ...CURSORS);
  const schema = parameter.schema ?? {};
  return fc.oneof(
    { weight: 2, arbitrary: arbitraryFor(schema, resolveRef) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function requestArbitrary(operation: Operation) {
  const parameters = fc.tuple(...operation.parameters.map(parameterArbitrary));
  const body = operation.body
    ? arbitraryFor(operation.body, resolveRef)
    : operation.method === "POST" || operation.method === "PUT" || operation.method === "PATCH"
      ? anyJson
      : fc.constant(undefined);
  return fc.tuple(parameters, body).map(([values, payload]) => {
    let url = operation.path;
    const query = new URLSearchParams();
    operation.parameters.forEach((parameter, index) => {
      const value = values[index];
      if (parameter.in === "path")
        url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
      else if (parameter.in === "query" && value !== undefined)
        query.set(parameter.name, typeof value === "string" ? value : JSON.stringify(value));
    });
    const search = query.toString();
    return { url: search ? `${url}?${search}` : url, body: payload };
  });
}

interface Finding {
  role: Role;
  method: string;
  url: string;
  status: number;
  body: string;
  answer: string;
}

describe("OpenAPI fuzz", () => {
  it("no operation answers 5xx, as any role, for any generated input; 4xx answers are JSON errors", async () => {
    const found: Finding[] = [];
    let sent = 0;
    const all = operations();
    expect(all.length).toBeGreaterThan(50);
    for (const [index, operation] of all.entries()) {
      if (process.env.SHOPGUIDE_FUZZ_ONLY && !operation.path.includes(process.env.SHOPGUIDE_FUZZ_ONLY))
        continue;
      const samples = fc.sample(requestArbitrary(operation), {
        numRuns: RUNS * ROLES.length,
        seed: SEED + index,
      });
      for (const [sample, { url, body }] of samples.entries()) {
        const role = ROLES[sample % ROLES.length] as Role;
        if (operation.path.endsWith("/logout") && role !== "anonymous") continue;
        const headers = json(role === "anonymous" ? {} : accounts[role].auth);
        const response = await app.request(url, {
          method: operation.method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        sent += 1;
        const text = await response.text();
        const problem =
          response.status >= 500 || (response.status >= 400 && !hasErrorShape(response, text))
            ? response.status
            : 0;
        if (problem) {
          found.push({
            role,
            method: operation.method,
            url: url.slice(0, 200),
            status: problem,
            body: JSON.stringify(body ?? null).slice(0, 300),
            answer: text.slice(0, 300),
          });
        }
      }
    }
    if (!process.env.SHOPGUIDE_FUZZ_ONLY) expect(sent).toBeGreaterThan(all.length * 2);
    expect(found, JSON.stringify(found.slice(0, 15), null, 2)).toEqual([]);
  }, 600_000);
});

function hasErrorShape(response: Response, text: string): boolean {
  if (!response.headers.get("content-type")?.includes("application/json")) return false;
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    return typeof parsed.error?.code === "string" && typeof parsed.error.message === "string";
  } catch {
    return false;
  }
}
