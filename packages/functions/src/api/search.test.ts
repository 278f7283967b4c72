import { randomBytes } from "node:crypto";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "@shopguide/core/config";
import { CapacityMeter, dynamo, queryAll, tableName } from "@shopguide/core/dynamo";
import { Guide } from "@shopguide/core/guide";
import { Search } from "@shopguide/core/search";
import { afterAll, describe, expect, it } from "vitest";
import { errorCode, readJson, signUp } from "../../../../tests/fixtures/accounts";
import { call, createBrand, ok } from "../../../../tests/fixtures/commerce";
import { guideInput, publishGuide } from "../../../../tests/fixtures/guides";
import { StreamPoller } from "../local/stream-poller";
import { handler as streamHandler } from "../stream";
import { app } from "./app";

/**
 * Search over the real routes, the real stream handler and this file's DynamoDB Local table: whatever is
 * written becomes findable (or stops being) once the stream is drained. Each case invents its own words,
 * so cases sharing the table never see each other's results.
 */
const poller = new StreamPoller({
  tableName: config().tableName,
  handler: streamHandler,
  start: "TRIM_HORIZON",
});
afterAll(() => poller.stop());

/** A made-up word no other case uses: letters only, so it is one term. */
const word = () => `zq${[...randomBytes(6)].map((byte) => String.fromCharCode(97 + (byte % 26))).join("")}`;

async function search(query: string) {
  const response = await app.request(`/api/v1/search?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return readJson(response);
}
const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

describe("search", () => {
  it("finds a published guide by a prefix of a title word, a tag, a card's product name and folded accents", async () => {
    const creator = await signUp("creator");
    const [title, tag, product] = [word(), word(), word()];
    const guideId = await publishGuide(creator, {
      title: `Crème brûlée ${title}kit`,
      tags: [tag],
      items: [{ ...guideInput().items[0], title: `${product} torch` }],
    });
    await poller.drain();

    expect(ids(await search(`q=${title.slice(0, 5)}`))).toEqual([guideId]);
    expect(ids(await search(`q=${tag}&type=guide`))).toEqual([guideId]);
    expect(ids(await search(`q=${product}`))).toEqual([guideId]);
    // "creme brulee" finds "Crème brûlée", and so does any mix of case and accents.
    expect(ids(await search(`q=${encodeURIComponent(`CRÉME brulee ${title}kit`)}`))).toEqual([guideId]);
    const [hit] = (await search(`q=${title}kit`)).items;
    expect(hit).toMatchObject({
      type: "guide",
      id: guideId,
      title: `Crème brûlée ${title}kit`,
      url: `/guides/${guideId}`,
      snippet: expect.stringContaining(`#${tag}`),
    });
  });

  it("needs every word (AND), ranks title matches above body matches, and never shows drafts", async () => {
    const creator = await signUp("creator");
    const [shared, other, body] = [word(), word(), word()];
    const inTitle = await publishGuide(creator, { title: `${shared} pans`, body: `${other} notes` });
    const inBody = await publishGuide(creator, { title: "Pans", body: `${shared} and ${other} notes` });
    const onlyOne = await publishGuide(creator, { title: `${shared} knives` });
    const draft = await call(
      "POST",
      "/api/v1/guides",
      creator,
      guideInput({ title: `${shared} ${other} ${body}` }),
    );
    expect(draft.status).toBe(201);
    await poller.drain();

    expect(ids(await search(`q=${shared}+${other}`))).toEqual([inTitle, inBody]);
    expect(ids(await search(`q=${shared}`)).sort()).toEqual([inTitle, inBody, onlyOne].sort());
    expect(ids(await search(`q=${body}`))).toEqual([]);
  });

  it("drops a guide once it is hidden or unpublished, and finds it again when published", async () => {
    const creator = await signUp("creator");
    const title = word();
    const guideId = await publishGuide(creator, { title });
    await poller.drain();
    expect(ids(await search(`q=${title}`))).toEqual([guideId]);

    // Moderation (issue 17.3) marks a hidden guide with `hiddenAt`; written directly until that lands.
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `GUIDE#${guideId}`, sk: "GUIDE" },
        UpdateExpression: "SET hiddenAt = :at, hiddenReason = :why",
        ExpressionAttributeValues: { ":at": new Date().toISOString(), ":why": "test" },
      }),
    );
    await poller.drain();
    expect(ids(await search(`q=${title}`))).toEqual([]);
    expect((await readJson(await app.request(`/api/v1/search/suggest?q=${title}`))).items).toEqual([]);
    // Not a single entry of it is left behind in the index.
    const entries = await queryAll({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND sk = :sk",
      ExpressionAttributeValues: { ":pk": `SEARCHDOC#guide#${guideId}`, ":sk": "DOC" },
    });
    expect(entries[0]?.entries).toEqual([]);

    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `GUIDE#${guideId}`, sk: "GUIDE" },
        UpdateExpression: "REMOVE hiddenAt, hiddenReason",
      }),
    );
    await poller.drain();
    expect(ids(await search(`q=${title}`))).toEqual([guideId]);

    expect((await call("POST", `/api/v1/guides/${guideId}/unpublish`, creator)).status).toBe(200);
    await poller.drain();
    expect(ids(await search(`q=${title}`))).toEqual([]);
  });

  it("finds creators by handle prefix and name, but not once suspended, and products by name and brand", async () => {
    const name = word();
    const creator = await signUp("creator", { handle: `${name}_cooks` });
    const follower = await signUp("follower", { handle: `${name}_reads` });
    const brand = await createBrand();
    const product = await readJson(
      await call("POST", `/api/v1/brands/${brand.id}/products`, brand.owner, {
        sku: `SKU-${name}`,
        name: `${name} enamel dutch oven`,
        price: { amount: 9900, currency: "USD" },
        url: `https://${brand.domain}/oven`,
      }),
    );
    await poller.drain();

    expect(ids(await search(`q=${name.slice(0, 6)}&type=creator`))).toEqual([creator.id]);
    expect(ids(await search(`q=${name}+dutch&type=product`))).toEqual([product.id]);
    const all = await search(`q=${name}`);
    expect(all.items.map((item: { type: string }) => item.type).sort()).toEqual(["creator", "product"]);
    expect(ids(all)).not.toContain(follower.id);
    const suggestions = await readJson(await app.request(`/api/v1/search/suggest?q=${name.slice(0, 4)}`));
    expect(suggestions.items).toContainEqual({
      type: "creator",
      id: creator.id,
      title: expect.any(String),
      url: `/@${name}_cooks`,
    });

    // Suspension (issue 17.3) marks both the user and the profile item with `suspendedAt`.
    for (const sk of ["USER", "PROFILE"])
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { pk: `USER#${creator.id}`, sk },
          // A profile may not exist yet: the update names its type and owner, as every profile write does.
          UpdateExpression:
            sk === "USER" ? "SET suspendedAt = :at" : "SET suspendedAt = :at, #type = :profile, userId = :id",
          ...(sk === "USER" ? {} : { ExpressionAttributeNames: { "#type": "type" } }),
          ExpressionAttributeValues: {
            ":at": new Date().toISOString(),
            ...(sk === "USER" ? {} : { ":profile": "profile", ":id": creator.id }),
          },
        }),
      );
    await poller.drain();
    expect(ids(await search(`q=${name}&type=creator`))).toEqual([]);
  });

  it("re-indexes a renamed brand's products a page at a time: the new name finds them, the old one no longer does", async () => {
    const [before, after, last] = [word(), word(), word()];
    const brand = await createBrand();
    await ok(
      await call("PATCH", `/api/v1/brands/${brand.id}`, brand.owner, { name: `${before} Cookware` }),
      200,
    );
    // More products than one page of the catalogue (AP47, 100), so the re-index has to resume.
    const rows = Array.from(
      { length: 130 },
      (_, index) => `P-${index},${index === 129 ? `${last} pan` : `Pan ${index}`},12.00`,
    );
    await ok(
      await call("POST", `/api/v1/brands/${brand.id}/products/import`, brand.owner, {
        csv: ["sku,name,price", ...rows].join("\n"),
      }),
      200,
    );
    await poller.drain();
    expect(ids(await search(`q=${before}+${last}&type=product`))).toHaveLength(1);

    await ok(
      await call("PATCH", `/api/v1/brands/${brand.id}`, brand.owner, { name: `${after} Cookware` }),
      200,
    );
    await poller.drain();
    // The last product sits on the second page: found by the new name, not by the old one.
    const [hit] = (await search(`q=${after}+${last}&type=product`)).items;
    expect(hit).toMatchObject({ type: "product", snippet: `${after} Cookware` });
    expect((await search(`q=${after}&type=product&limit=50`)).items.length).toBe(50);
    expect(ids(await search(`q=${before}&type=product`))).toEqual([]);
  });

  it("pages with an opaque cursor bound to its query, without repeats or gaps", async () => {
    const creator = await signUp("creator");
    const term = word();
    const published: string[] = [];
    for (let index = 0; index < 5; index++)
      published.push(await publishGuide(creator, { title: `${term} ${index}` }));
    await poller.drain();

    const first = await search(`q=${term}&limit=2`);
    expect(first.items).toHaveLength(2);
    const second = await search(`q=${term}&limit=2&cursor=${first.nextCursor}`);
    const third = await search(`q=${term}&limit=2&cursor=${second.nextCursor}`);
    expect(third.nextCursor).toBeNull();
    expect([...ids(first), ...ids(second), ...ids(third)].sort()).toEqual(published.sort());

    const foreign = await app.request(`/api/v1/search?q=other&limit=2&cursor=${first.nextCursor}`);
    expect(foreign.status).toBe(400);
    expect(await errorCode(foreign)).toBe("cursor_invalid");
  });

  it("answers a redelivered stream with the same index (idempotent)", async () => {
    const creator = await signUp("creator");
    const title = word();
    const guideId = await publishGuide(creator, { title });
    await poller.drain();
    const replay = new StreamPoller({
      tableName: config().tableName,
      handler: streamHandler,
      start: "TRIM_HORIZON",
    });
    await replay.drain();
    await replay.stop();
    expect(ids(await search(`q=${title}`))).toEqual([guideId]);
  });

  it("backfills what the index never saw, idempotently", async () => {
    const creator = await signUp("creator");
    const title = word();
    const guideId = await publishGuide(creator, { title });
    await poller.drain();
    // As if the guide were written before search existed.
    await Search.tableIndex.remove({ type: "guide", id: guideId });
    expect(ids(await search(`q=${title}`))).toEqual([]);

    const report = await Search.backfill();
    expect(report.guides).toBeGreaterThan(0);
    expect(ids(await search(`q=${title}`))).toEqual([guideId]);
    await Search.backfill();
    expect(ids(await search(`q=${title}`))).toEqual([guideId]);
  });

  it("costs a bounded number of write units per guide, and nothing when a like leaves its bucket alone", async () => {
    const creator = await signUp("creator");
    const reader = await signUp("follower");
    const guideId = await publishGuide(creator, guideInput({ title: `Three pans worth owning ${word()}` }));
    await poller.drain();
    const [guide] = await Guide.getMany([guideId]);
    if (!guide) throw new Error("no guide");
    await Search.tableIndex.remove({ type: "guide", id: guideId });

    CapacityMeter.enable();
    CapacityMeter.reset();
    await Search.onGuideChange(undefined, { type: "guide", ...guide });
    const indexed = CapacityMeter.read();
    // The fixture guide: about 90 entries, one WCU each, plus the doc (twice) and the view.
    expect(indexed.write).toBeGreaterThan(50);
    expect(indexed.write).toBeLessThan(150);

    // A like moves engagement from 0 to 1 (a new log2 bucket): every entry is rewritten once.
    expect((await call("PUT", `/api/v1/guides/${guideId}/like`, reader)).status).toBe(200);
    const [liked] = await Guide.getMany([guideId]);
    CapacityMeter.reset();
    await Search.onGuideChange(undefined, { type: "guide", ...liked });
    const rebucketed = CapacityMeter.read();
    // Same guide again: one consistent read of its doc, nothing written.
    CapacityMeter.reset();
    await Search.onGuideChange(undefined, { type: "guide", ...liked });
    const unchanged = CapacityMeter.read();
    expect(unchanged.write).toBe(0);
    console.log(
      `search index cost (WCU): index a new guide ${indexed.write}, rebucket after a like ${rebucketed.write}, ` +
        `unchanged ${unchanged.write} (read ${unchanged.read} RCU)`,
    );
  });

  it.each([
    ["q=", "validation_failed"],
    ["q=%20%20", "validation_failed"],
    [`q=${"a".repeat(Search.MAX_QUERY_LENGTH + 1)}`, "validation_failed"],
    ["q=pans&type=brand", "validation_failed"],
    ["q=pans&limit=0", "validation_failed"],
    ["q=pans&cursor=garbage", "cursor_invalid"],
  ])("refuses %s with %s", async (query, code) => {
    const response = await app.request(`/api/v1/search?${query}`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await errorCode(response)).toBe(code);
  });

  it("answers nothing, not an error, for a query of one-letter words", async () => {
    expect((await search("q=a")).items).toEqual([]);
    expect((await readJson(await app.request("/api/v1/search/suggest?q=x"))).items).toEqual([]);
  });
});
