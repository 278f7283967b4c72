import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { reloadConfig } from "@shopguide/core/config";
import { Clock } from "@shopguide/core/util/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, readJson, signUp } from "../../../../tests/fixtures/accounts";
import {
  addViewer,
  call,
  clickFor,
  createBrand,
  createCampaign,
  createSecret,
  enrolledCreator,
  ok,
  postConversion,
  type TestBrand,
} from "../../../../tests/fixtures/commerce";
import { startDns, type TestDns } from "../../../../tests/fixtures/dns";
import { jobs } from "../schedule";

/**
 * Domain verification end to end through the routes: real node:dns lookups against a DNS server on loopback,
 * the well-known file through the outbound guard from a web server on loopback (which answers by Host header,
 * like a shared host), DynamoDB Local underneath.
 */

let dns: TestDns;
let web: Server;
/** The well-known file's content, by the Host the check asked for. */
const files = new Map<string, string>();
const env = { dns: process.env.SHOPGUIDE_DNS_SERVERS, origin: process.env.SHOPGUIDE_DOMAIN_CHECK_ORIGIN };

beforeAll(async () => {
  dns = await startDns();
  web = createServer((request, response) => {
    const content = files.get(request.headers.host ?? "");
    if (request.url === "/.well-known/shopguide-verification.txt" && content !== undefined)
      return response.writeHead(200, { "content-type": "text/plain" }).end(content);
    response.writeHead(404).end();
  });
  await new Promise<void>((ready) => web.listen(0, "127.0.0.1", ready));
  process.env.SHOPGUIDE_DNS_SERVERS = dns.server;
  process.env.SHOPGUIDE_DOMAIN_CHECK_ORIGIN = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  reloadConfig();
});

afterAll(async () => {
  process.env.SHOPGUIDE_DNS_SERVERS = env.dns;
  process.env.SHOPGUIDE_DOMAIN_CHECK_ORIGIN = env.origin;
  reloadConfig();
  await dns.close();
  await new Promise((done) => web.close(done));
});

interface DomainView {
  domain: string;
  displayHost: string;
  state: string;
  txt: { name: string; value: string };
  wellKnown: { url: string; content: string };
  error: string | null;
  method: string | null;
}

async function domains(brand: TestBrand): Promise<{ items: DomainView[]; devVerify: boolean }> {
  return ok(await call("GET", `/api/v1/brands/${brand.id}/domains`, brand.owner), 200);
}

async function domainOf(brand: TestBrand, domain = brand.domain): Promise<DomainView> {
  const found = (await domains(brand)).items.find((entry) => entry.domain === domain);
  if (!found) throw new Error(`${domain} not listed`);
  return found;
}

const verify = (brand: TestBrand, domain = brand.domain, account = brand.owner) =>
  call("POST", `/api/v1/brands/${brand.id}/domains/${domain}/verify`, account);

const brandInfo = async (brand: TestBrand) =>
  ok(await call("GET", `/api/v1/brands/${brand.id}`, brand.owner), 200);

describe("verifying a domain", () => {
  it("lists each domain unverified with the exact TXT record and well-known file to add", async () => {
    const brand = await createBrand();
    const listed = await domains(brand);
    expect(listed.devVerify).toBe(true);
    const [only] = listed.items;
    expect(only).toMatchObject({
      domain: brand.domain,
      displayHost: brand.domain,
      state: "unverified",
      txt: {
        name: `_shopguide.${brand.domain}`,
        value: expect.stringMatching(/^shopguide-verify=[0-9a-f]{32}$/),
      },
      wellKnown: {
        url: `https://${brand.domain}/.well-known/shopguide-verification.txt`,
        content: only?.txt.value,
      },
      error: null,
    });
  });

  it("verifies by the DNS TXT record", async () => {
    const brand = await createBrand();
    const { txt } = await domainOf(brand);
    dns.txt.set(txt.name, ["v=spf1 -all", txt.value]);
    const answer = await ok(await verify(brand), 200);
    expect(answer).toMatchObject({ state: "verified", method: "dns", error: null });
    expect(await domainOf(brand)).toMatchObject({ state: "verified", method: "dns" });
  });

  it("verifies by the well-known file, fetched through the outbound guard", async () => {
    const brand = await createBrand();
    const { wellKnown } = await domainOf(brand);
    files.set(brand.domain, `# shopguide\n${wellKnown.content}\n`);
    expect(await ok(await verify(brand), 200)).toMatchObject({ state: "verified", method: "well_known" });
  });

  it("keeps a wrong token pending, saying what it found", async () => {
    const brand = await createBrand();
    const { txt } = await domainOf(brand);
    dns.txt.set(txt.name, ["shopguide-verify=0000000000000000000000000000beef"]);
    const answer = await ok(await verify(brand), 200);
    expect(answer.state).toBe("pending");
    expect(answer.error).toMatch(/different token/);
    expect(answer.error).toMatch(/HTTP 404/);
    expect(await domainOf(brand)).toMatchObject({ state: "pending", error: answer.error });
    // Putting the right record in place then verifies it.
    dns.txt.set(txt.name, [txt.value]);
    expect(await ok(await verify(brand), 200)).toMatchObject({ state: "verified" });
  });

  it("is for the brand's owners and admins: a viewer gets 403, another brand's member 404", async () => {
    const brand = await createBrand();
    const viewer = await addViewer(brand);
    expect(await errorCode(await verify(brand, brand.domain, viewer))).toBe("brand_role_required");
    const stranger = await signUp("brand");
    const response = await verify(brand, brand.domain, stranger);
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe("brand_not_found");
    expect((await call("GET", `/api/v1/brands/${brand.id}/domains`, stranger)).status).toBe(404);
    expect(
      (await call("POST", `/api/v1/brands/${brand.id}/domains/${brand.domain}/verify`, undefined)).status,
    ).toBe(401);
  });

  it("answers 404 for a domain the brand does not list", async () => {
    const brand = await createBrand();
    const response = await verify(brand, "elsewhere.example.com");
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe("domain_not_found");
  });

  it("offers a one-click dev verification locally", async () => {
    const brand = await createBrand();
    const answer = await ok(
      await call("POST", "/api/dev/domains/verify", brand.owner, { brandId: brand.id, domain: brand.domain }),
      200,
    );
    expect(answer).toMatchObject({ state: "verified", method: "dev" });
  });
});

describe("the takeover rule", () => {
  it("a verified domain cannot be claimed by another brand (409), neither at creation nor by update", async () => {
    const holder = await createBrand();
    await ok(
      await call("POST", "/api/dev/domains/verify", holder.owner, {
        brandId: holder.id,
        domain: holder.domain,
      }),
      200,
    );
    const other = await createBrand();
    const update = await call("PATCH", `/api/v1/brands/${other.id}`, other.owner, {
      domains: [other.domain, holder.domain],
    });
    expect(update.status).toBe(409);
    expect(await errorCode(update)).toBe("domain_verified_elsewhere");
    expect((await brandInfo(other)).domains).toEqual([other.domain]);
    const owner = await signUp("brand");
    const created = await call("POST", "/api/v1/brands", owner, {
      name: "Copycat",
      domains: [holder.domain],
      currency: "USD",
    });
    expect(created.status).toBe(409);
    expect(await errorCode(created)).toBe("domain_verified_elsewhere");
    // Once the holder removes it, the domain is free to claim.
    await ok(
      await call("PATCH", `/api/v1/brands/${holder.id}`, holder.owner, { domains: ["moved.example.com"] }),
      200,
    );
    await ok(
      await call("PATCH", `/api/v1/brands/${other.id}`, other.owner, {
        domains: [other.domain, holder.domain],
      }),
      200,
    );
  });

  it("the unverified claimant loses the domain and its campaigns stop crediting links to it", async () => {
    const claimant = await createBrand();
    const secret = (await createSecret(claimant, "api")).secret;
    const campaign = await createCampaign(claimant);
    const creator = await enrolledCreator(campaign.id);
    const order = (orderId: string, clickId: string) => ({
      orderId,
      amount: 10_000,
      currency: "USD",
      occurredAt: Clock.now().toISOString(),
      clickId,
    });
    // Unverified and uncontested: the claimant's own domain credits.
    const before = await readJson(
      await postConversion(claimant.id, secret, order("o-before", await clickFor(creator, claimant))),
    );
    expect(before.attributed).toBe(true);

    const owner = await createBrand();
    await ok(
      await call("PATCH", `/api/v1/brands/${owner.id}`, owner.owner, {
        domains: [owner.domain, claimant.domain],
      }),
      200,
    );
    const { txt } = await domainOf(owner, claimant.domain);
    dns.txt.set(txt.name, [txt.value]);
    expect(await ok(await verify(owner, claimant.domain), 200)).toMatchObject({ state: "verified" });

    expect(await domainOf(claimant)).toMatchObject({
      state: "lost",
      error: "Another brand verified this domain",
    });
    expect((await brandInfo(claimant)).domains).toEqual([]);
    const after = await readJson(
      await postConversion(claimant.id, secret, order("o-after", await clickFor(creator, claimant))),
    );
    expect(after).toMatchObject({ attributed: false });
    // A lost domain is not the claimant's to verify any more.
    expect(await errorCode(await verify(claimant))).toBe("domain_not_found");
  });

  it("of two brands verifying the same domain at once, exactly one holds it", async () => {
    const first = await createBrand();
    const second = await createBrand();
    const contested = `race-${Math.random().toString(36).slice(2, 8)}.example.com`;
    for (const brand of [first, second]) {
      await ok(
        await call("PATCH", `/api/v1/brands/${brand.id}`, brand.owner, {
          domains: [brand.domain, contested],
        }),
        200,
      );
    }
    const tokens = await Promise.all([first, second].map((brand) => domainOf(brand, contested)));
    dns.txt.set(
      `_shopguide.${contested}`,
      tokens.map((view) => view.txt.value),
    );
    const answers = await Promise.all([verify(first, contested), verify(second, contested)]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    const loser = statuses.find((status) => status !== 200);
    expect([404, 409]).toContain(loser);

    const states = await Promise.all(
      [first, second].map(
        async (brand) => (await domains(brand)).items.find((entry) => entry.domain === contested)?.state,
      ),
    );
    expect(states.sort()).toEqual(["lost", "verified"]);
  });
});

describe("the daily re-check", () => {
  it("keeps a verified domain through two failed checks and demotes it to pending after the third", async () => {
    const brand = await createBrand();
    const { txt } = await domainOf(brand);
    dns.txt.set(txt.name, [txt.value]);
    await ok(await verify(brand), 200);
    const recheck = jobs["recheck-domains"];
    if (!recheck) throw new Error("no recheck-domains job");

    // A passing re-check keeps it verified.
    Clock.advance(86_400 + 60);
    await recheck.run();
    expect(await domainOf(brand)).toMatchObject({ state: "verified", error: null });

    dns.txt.delete(txt.name);
    for (const expected of ["1 of 3", "2 of 3"]) {
      Clock.advance(86_400 + 60);
      await recheck.run();
      const view = await domainOf(brand);
      expect(view.state).toBe("verified");
      expect(view.error).toContain(expected);
    }
    Clock.advance(86_400 + 60);
    await recheck.run();
    const demoted = await domainOf(brand);
    expect(demoted.state).toBe("pending");
    expect(demoted.error).toMatch(/No TXT record/);
    // Its claim is released: another brand may now list it.
    const other = await createBrand();
    await ok(
      await call("PATCH", `/api/v1/brands/${other.id}`, other.owner, {
        domains: [other.domain, brand.domain],
      }),
      200,
    );
  });
});

describe("look-alike hosts", () => {
  it("link answers show a mixed-script or confusable destination host in punycode", async () => {
    const creator = await signUp("creator");
    const lookalike = await ok(
      await call("POST", "/api/v1/links", creator, { url: "https://аррӏе.com/iphone" }),
      201,
    );
    expect(lookalike.displayHost).toBe("xn--80ak6aa92e.com");
    const plain = await ok(
      await call("POST", "/api/v1/links", creator, { url: "https://apple.com/iphone" }),
      201,
    );
    expect(plain.displayHost).toBe("apple.com");
    const readable = await ok(
      await call("POST", "/api/v1/links", creator, { url: "https://пример.рф/" }),
      201,
    );
    expect(readable.displayHost).toBe("пример.рф");
    const listed = await ok(await call("GET", "/api/v1/links", creator), 200);
    expect(listed.items.map((link: { displayHost: string }) => link.displayHost).sort()).toEqual(
      ["apple.com", "xn--80ak6aa92e.com", "пример.рф"].sort(),
    );
  });
});
