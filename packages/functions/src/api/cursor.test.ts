import { beforeAll, describe, expect, it } from "vitest";
import {
  errorCode,
  type Json,
  readJson,
  signUp,
  type TestAccount,
} from "../../../../tests/fixtures/accounts";
import { call, createBrand, type TestBrand } from "../../../../tests/fixtures/commerce";
import { publishGuide } from "../../../../tests/fixtures/guides";

/**
 * Cursor tampering across every list endpoint: a real cursor from one list passed to another, another
 * brand's cursor on your brand's list, a flipped byte, an added field and garbage all answer 400
 * `cursor_invalid`, never a 500; a genuine cursor still pages its own list.
 */

let brandA: TestBrand;
let brandB: TestBrand;
let creator: TestAccount;
let reader: TestAccount;

interface Target {
  name: string;
  path: string;
  as: () => TestAccount | undefined;
}

const targets: Target[] = [
  { name: "campaigns", path: "/api/v1/campaigns", as: () => creator },
  { name: "products", path: "/api/v1/brands/{A}/products", as: () => brandA.owner },
  { name: "conversions", path: "/api/v1/brands/{A}/conversions", as: () => brandA.owner },
  { name: "brand group-buys", path: "/api/v1/brands/{A}/groupbuys", as: () => brandA.owner },
  { name: "my group-buys", path: "/api/v1/me/groupbuys", as: () => reader },
  { name: "brand statements", path: "/api/v1/brands/{A}/statements", as: () => brandA.owner },
  { name: "my statements", path: "/api/v1/me/statements", as: () => creator },
  { name: "feed", path: "/api/v1/feed", as: () => reader },
  { name: "trending", path: "/api/v1/feed/trending", as: () => reader },
  { name: "tag", path: "/api/v1/tags/kitchen/guides", as: () => undefined },
  { name: "my guides", path: "/api/v1/me/guides", as: () => creator },
  { name: "saved", path: "/api/v1/me/saved", as: () => reader },
  { name: "storefront", path: "/api/v1/creators/{creator}", as: () => undefined },
  { name: "brand invitations", path: "/api/v1/brands/{A}/invitations", as: () => brandA.owner },
  { name: "my invitations", path: "/api/v1/me/invitations", as: () => reader },
];

const pathOf = (target: Target) => target.path.replace("{A}", brandA.id).replace("{creator}", creator.handle);

function get(target: Target, query: Record<string, string>) {
  const separator = target.path.includes("?") ? "&" : "?";
  return call("GET", `${pathOf(target)}${separator}${new URLSearchParams(query)}`, target.as());
}

/** Real cursors, by the target they were issued by. */
const issued = new Map<string, string>();
let productsOfB = "";

function csvOf(count: number): string {
  const rows = Array.from({ length: count }, (_, index) => `sku-${index},Product ${index},10.00`);
  return ["sku,name,price", ...rows].join("\n");
}

async function nextCursorOf(response: Response, pick = (body: Json): unknown => body.nextCursor) {
  expect(response.status).toBe(200);
  const cursor = pick(await readJson(response));
  if (typeof cursor !== "string") throw new Error("expected a next cursor");
  return cursor;
}

function tampered(cursor: string): Record<string, string> {
  const [payload = "", mac = ""] = cursor.split(".");
  const position = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  const withField = Buffer.from(JSON.stringify({ ...position, extra: "x" })).toString("base64url");
  const flip = (text: string, at: number) =>
    `${text.slice(0, at)}${text[at] === "A" ? "B" : "A"}${text.slice(at + 1)}`;
  return {
    "a flipped payload byte": `${flip(payload, Math.floor(payload.length / 2))}.${mac}`,
    "a flipped MAC byte": `${payload}.${flip(mac, 3)}`,
    "an added field": `${withField}.${mac}`,
    "its position without the MAC": payload,
  };
}

const garbage = {
  garbage: "not-a-cursor",
  "an empty MAC": "eyJwIjoiMSJ9.",
  "three parts": "a.b.c",
  "the old unsigned format": Buffer.from(JSON.stringify({ pk: "BRAND#x", sk: "PRODUCT#y" })).toString(
    "base64url",
  ),
  "non-base64": "%%%.%%%",
};

describe("list cursors", () => {
  beforeAll(async () => {
    [brandA, brandB] = await Promise.all([createBrand(), createBrand()]);
    [creator, reader] = await Promise.all([signUp("creator"), signUp("follower")]);
    for (const brand of [brandA, brandB]) {
      const imported = await call("POST", `/api/v1/brands/${brand.id}/products/import`, brand.owner, {
        csv: csvOf(101),
      });
      expect(imported.status).toBe(200);
    }
    const products = targets.find((target) => target.name === "products");
    if (!products) throw new Error("no products target");
    issued.set("products", await nextCursorOf(await get(products, {})));
    productsOfB = await nextCursorOf(await call("GET", `/api/v1/brands/${brandB.id}/products`, brandB.owner));

    const guides = [await publishGuide(creator), await publishGuide(creator)];
    for (const guideId of guides)
      expect((await call("PUT", `/api/v1/guides/${guideId}/save`, reader)).status).toBe(200);
    // (The tag index is kept by a stream consumer, which in-process requests do not run: tags are a target only.)
    for (const name of ["my guides", "saved"]) {
      const target = targets.find((candidate) => candidate.name === name);
      if (!target) throw new Error(`no ${name} target`);
      issued.set(name, await nextCursorOf(await get(target, { limit: "1" })));
    }
    const storefront = targets.find((target) => target.name === "storefront");
    if (!storefront) throw new Error("no storefront target");
    issued.set(
      "storefront",
      await nextCursorOf(await get(storefront, { limit: "1" }), (body) => body.guides.nextCursor),
    );
  });

  it("pages each list with its own cursor", async () => {
    const products = targets.find((target) => target.name === "products");
    const mine = targets.find((target) => target.name === "my guides");
    if (!products || !mine) throw new Error("missing targets");
    const restResponse = await get(products, { cursor: issued.get("products") ?? "" });
    const rest = await readJson(restResponse);
    expect([restResponse.status, rest.error]).toEqual([200, undefined]);
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeUndefined();
    const second = await readJson(await get(mine, { limit: "1", cursor: issued.get("my guides") ?? "" }));
    expect(second.items).toHaveLength(1);
  });

  it.each(targets.map((target) => [target.name, target] as const))(
    "%s: refuses every cursor it did not issue with 400 cursor_invalid",
    async (_name, target) => {
      const foreign = Object.fromEntries(
        [...issued]
          .filter(([source]) => source !== target.name)
          .map(([source, cursor]) => [`${source}'s cursor`, cursor]),
      );
      const own = issued.get(target.name) ?? issued.get("my guides") ?? "";
      const attempts: Record<string, string> = {
        ...foreign,
        ...(target.name === "products" ? { "another brand's products cursor": productsOfB } : {}),
        ...tampered(own),
        ...garbage,
      };
      for (const [what, cursor] of Object.entries(attempts)) {
        const response = await get(target, { cursor });
        expect([what, response.status, await errorCode(response)]).toEqual([what, 400, "cursor_invalid"]);
      }
    },
  );
});
