import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, json, readJson, signUp } from "../../../../tests/fixtures/accounts";
import { jpeg } from "../../../../tests/fixtures/images";
import { app } from "./app";

/** A merchant's shop on 127.0.0.1 (the one host the tests allowlist for the outbound guard). */
let merchant: Server;
let base: string;
let photo: Buffer;

const ogPage = () => `<!doctype html><html><head>
  <title>Ignored when og:title is there</title>
  <meta property="og:title" content="Lodge 10.25&quot; Cast Iron Skillet">
  <meta property="og:image" content="/images/skillet.jpg">
  <meta property="og:site_name" content="Example Kitchen Supply">
  <meta property="product:price:amount" content="29.90">
  <meta property="product:price:currency" content="USD">
  <meta property="product:availability" content="in stock">
</head><body>A skillet</body></html>`;

const jsonLdPage = () => `<!doctype html><html><head>
  <meta property="og:title" content="The shop's generic title">
  <script type="application/ld+json">{ broken json </script>
  <script type="application/ld+json">${JSON.stringify({
    "@context": "https://schema.org",
    "@graph": [
      { "@type": "BreadcrumbList", itemListElement: [] },
      {
        "@type": "Product",
        name: "Hario V60 Dripper",
        image: [{ "@type": "ImageObject", url: `${base}/images/dripper.jpg` }],
        brand: { "@type": "Brand", name: "Hario" },
        offers: {
          "@type": "Offer",
          price: "2750",
          priceCurrency: "JPY",
          availability: "https://schema.org/OutOfStock",
        },
      },
    ],
  })}</script>
</head><body></body></html>`;

beforeAll(async () => {
  photo = await jpeg(1000, 800, { gps: true });
  merchant = createServer((request, response) => {
    const path = request.url ?? "/";
    if (path === "/og") return response.writeHead(200, { "content-type": "text/html" }).end(ogPage());
    if (path === "/ld") return response.writeHead(200, { "content-type": "text/html" }).end(jsonLdPage());
    if (path.startsWith("/images/"))
      return response.writeHead(200, { "content-type": "image/jpeg" }).end(photo);
    if (path === "/moved") return response.writeHead(301, { location: "/og" }).end();
    if (path === "/to-private")
      return response.writeHead(302, { location: "http://192.168.1.10/admin" }).end();
    if (path === "/blank") return response.writeHead(200, { "content-type": "text/html" }).end("<p>hi</p>");
    response.writeHead(404).end();
  });
  await new Promise<void>((ready) => merchant.listen(0, "127.0.0.1", ready));
  base = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((done) => merchant.close(done)));

const importFrom = (auth: Record<string, string>, url: string) =>
  app.request("/api/v1/imports/product", {
    method: "POST",
    headers: json(auth),
    body: JSON.stringify({ url }),
  });

describe("product import from a URL", () => {
  it("reads Open Graph tags and stores the image through the upload pipeline", async () => {
    const creator = await signUp("creator");
    const response = await importFrom(creator.auth, `${base}/og`);
    expect(response.status).toBe(200);
    const card = await readJson(response);
    expect(card).toMatchObject({
      title: 'Lodge 10.25" Cast Iron Skillet',
      url: `${base}/og`,
      price: { amount: 2990, currency: "USD" },
      merchant: "Example Kitchen Supply",
      availability: "in_stock",
      imageId: expect.stringMatching(/^img_/),
      image: { alt: 'Lodge 10.25" Cast Iron Skillet', width: 1000, height: 800 },
    });
    expect(card.image.variants.map((variant: { width: number }) => variant.width)).toEqual([320, 640]);

    // The imported image is the creator's own: it goes on a card as any upload would.
    const guide = await app.request("/api/v1/guides", {
      method: "POST",
      headers: json(creator.auth),
      body: JSON.stringify({
        title: "Imported",
        items: [
          { title: card.title, url: "https://shop.example/lodge", imageId: card.imageId, price: card.price },
        ],
      }),
    });
    expect(guide.status).toBe(201);
    expect((await readJson(guide)).items[0].image.id).toBe(card.imageId);
  });

  it("prefers schema.org Product JSON-LD, in the currency's own minor units", async () => {
    const creator = await signUp("creator");
    const card = await readJson(await importFrom(creator.auth, `${base}/ld`));
    expect(card).toMatchObject({
      title: "Hario V60 Dripper",
      price: { amount: 2750, currency: "JPY" },
      brand: "Hario",
      merchant: "Hario",
      availability: "out_of_stock",
      image: { width: 1000 },
    });
  });

  it("follows a redirect on the same public-or-allowed host", async () => {
    const brand = await signUp("brand");
    const card = await readJson(await importFrom(brand.auth, `${base}/moved`));
    expect(card.title).toBe('Lodge 10.25" Cast Iron Skillet');
  });

  it.each([
    ["a private address", "https://10.0.0.7/product", "outbound_address_refused"],
    ["loopback by name", "https://localhost/product", "outbound_address_refused"],
    ["cloud metadata", "https://169.254.169.254/latest/meta-data/", "outbound_address_refused"],
  ])("refuses %s", async (_case, url, code) => {
    const creator = await signUp("creator");
    const response = await importFrom(creator.auth, url);
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe(code);
  });

  it("refuses a redirect to a private address", async () => {
    const creator = await signUp("creator");
    const response = await importFrom(creator.auth, `${base}/to-private`);
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe("outbound_address_refused");
  });

  it("says so when a page names no product", async () => {
    const creator = await signUp("creator");
    const response = await importFrom(creator.auth, `${base}/blank`);
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe("product_not_found_on_page");
    const missing = await importFrom(creator.auth, `${base}/nothing-here`);
    expect(await errorCode(missing)).toBe("product_page_unavailable");
  });

  it("is for creators and brands only", async () => {
    const follower = await signUp("follower");
    expect((await importFrom(follower.auth, `${base}/og`)).status).toBe(403);
    expect((await importFrom({}, `${base}/og`)).status).toBe(401);
  });
});
