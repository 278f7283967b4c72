import { randomUUID } from "node:crypto";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Click } from "@shopguide/core/click";
import { dynamo, tableName } from "@shopguide/core/dynamo";
import { Failure } from "@shopguide/core/failure";
import { Session } from "@shopguide/core/session";
import { Stats } from "@shopguide/core/stats";
import { User } from "@shopguide/core/user";
import { Clock } from "@shopguide/core/util/clock";
import { createId } from "@shopguide/core/util/id";
import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, signUp, type TestAccount } from "../../../../tests/fixtures/accounts";
import { addViewer, call, createBrand, ok, type TestBrand } from "../../../../tests/fixtures/commerce";
import { runJob } from "../../../../tests/fixtures/jobs";

const DAY = 86_400;
const usd = (amount: number) => ({ amount, currency: "USD" });

/** An account made through the core verbs: signup cannot make admins, and followers need no signup route. */
async function account(role: "admin" | "follower"): Promise<TestAccount> {
  const handle = `${role}_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const email = `${handle}@example.test`;
  const user = await User.create({
    email,
    handle,
    password: "correct horse battery",
    displayName: handle,
    role,
  });
  const { token } = await Session.create(user.id);
  return { id: user.id, handle, email, password: "", token, auth: { authorization: `Bearer ${token}` } };
}

let admin: TestAccount;
let brand: TestBrand;
let otherBrand: TestBrand;

beforeAll(async () => {
  admin = await account("admin");
  brand = await createBrand();
  otherBrand = await createBrand();
});

function groupbuyBody(target: TestBrand, overrides: Record<string, unknown> = {}) {
  return {
    brandId: target.id,
    type: "groupbuy",
    name: "Kettle together",
    product: { title: "Pour-over kettle", url: `https://${target.domain}/products/kettle` },
    basePrice: usd(10_000),
    tiers: [{ participants: 2, price: usd(9_000) }],
    minParticipants: 1,
    capacity: 10,
    deadline: new Date(Clock.nowMs() + DAY * 1000).toISOString(),
    rule: { kind: "percent", bps: 1000 },
    ...overrides,
  };
}

const createGroupBuy = async (target: TestBrand, overrides: Record<string, unknown> = {}) =>
  ok(await call("POST", "/api/v1/campaigns", target.owner, groupbuyBody(target, overrides)), 201);

/** Writes straight into a stored group-buy, as an item written before today's checks would look. */
async function corrupt(groupbuyId: string, changes: Record<string, unknown>) {
  const names = Object.keys(changes);
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: `GROUPBUY#${groupbuyId}`, sk: "GROUPBUY" },
      UpdateExpression: `SET ${names.map((_, index) => `#n${index} = :v${index}`).join(", ")}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#n${index}`, name])),
      ExpressionAttributeValues: Object.fromEntries(
        names.map((name, index) => [`:v${index}`, changes[name]]),
      ),
    }),
  );
}

const parkedFailures = async () => ok(await call("GET", "/api/v1/admin/failures", admin), 200);

describe("admin failure routes", () => {
  it("are for platform admins only", async () => {
    const follower = await account("follower");
    const creator = await signUp("creator");
    const requests: [string, string][] = [
      ["GET", "/api/v1/admin/failures"],
      ["POST", "/api/v1/admin/failures/flr_x/replay"],
      ["POST", "/api/v1/admin/failures/flr_x/dismiss"],
    ];
    for (const [method, path] of requests) {
      expect((await call(method, path, undefined)).status).toBe(401);
      for (const who of [follower, creator, brand.owner]) {
        const answer = await call(method, path, who);
        expect(answer.status).toBe(403);
        expect(await errorCode(answer)).toBe("role_required");
      }
    }
    const missing = await call("POST", "/api/v1/admin/failures/flr_nope/replay", admin);
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe("failure_not_found");
    const badCursor = await call("GET", "/api/v1/admin/failures?cursor=not-a-cursor", admin);
    expect(badCursor.status).toBeGreaterThanOrEqual(400);
    expect(badCursor.status).toBeLessThan(500);
  });

  it("replays a parked stream record through its consumer and resolves it; a poison one stays parked", async () => {
    const code = "replay01";
    const clickId = createId("clk");
    const image = {
      pk: { S: `CLICK#${clickId}` },
      sk: { S: "CLICK" },
      type: { S: "click" },
      id: { S: clickId },
      code: { S: code },
      creatorId: { S: "usr_replay_creator" },
      at: { S: Clock.now().toISOString() },
      ipHash: { S: "ip-replay" },
      device: { S: "desktop" },
      browser: { S: "Chrome" },
      bot: { BOOL: false },
    };
    const record = (id: string, newImage: Record<string, unknown>) =>
      JSON.stringify({
        eventID: id,
        eventName: "INSERT",
        dynamodb: { Keys: { pk: newImage.pk, sk: newImage.sk }, NewImage: newImage, SequenceNumber: "100" },
      });
    // A good click whose counting failed through an outage, parked by the stream; and a click no one can count.
    const good = await Failure.recordAttempt(
      {
        source: "stream",
        itemKey: "evt-good",
        consumer: "countClick",
        error: "ProvisionedThroughputExceededException",
        eventId: "evt-good",
        record: record("evt-good", image),
      },
      { maxAttempts: 1, parkNow: true },
    );
    // The click itself exists (counting marks it aggregated); only its counting failed.
    await Click.recordNow({
      id: clickId,
      code,
      creatorId: "usr_replay_creator",
      at: image.at.S,
      ipHash: "ip-replay",
      device: "desktop",
      browser: "Chrome",
      bot: false,
    });
    const { ipHash: _, ...broken } = image;
    const poison = await Failure.recordAttempt(
      {
        source: "stream",
        itemKey: "evt-poison",
        consumer: "countClick",
        error: "ZodError: ipHash: Required",
        eventId: "evt-poison",
        record: record("evt-poison", broken),
      },
      { maxAttempts: 1, parkNow: true },
    );
    const listed = await parkedFailures();
    const ids = listed.items.map((failure: Failure.Info) => failure.id);
    expect(ids).toEqual(expect.arrayContaining([good.id, poison.id]));
    // Newest first.
    expect(ids.indexOf(poison.id)).toBeLessThan(ids.indexOf(good.id));

    const replayed = await ok(await call("POST", `/api/v1/admin/failures/${good.id}/replay`, admin), 200);
    expect(replayed).toMatchObject({ id: good.id, status: "resolved" });
    expect((await Stats.totalsForLinks([code])).get(code)?.humanClicks).toBe(1);
    const again = await call("POST", `/api/v1/admin/failures/${good.id}/replay`, admin);
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe("failure_not_parked");

    const failed = await call("POST", `/api/v1/admin/failures/${poison.id}/replay`, admin);
    expect(failed.status).toBe(409);
    expect(await errorCode(failed)).toBe("replay_failed");
    const stillParked = (await parkedFailures()).items.find(
      (failure: Failure.Info) => failure.id === poison.id,
    );
    expect(stillParked).toMatchObject({ status: "parked", attempts: 2 });
    expect(stillParked.error).toMatch(/ipHash/);

    const dismissed = await ok(await call("POST", `/api/v1/admin/failures/${poison.id}/dismiss`, admin), 200);
    expect(dismissed.status).toBe("dismissed");
    const remaining = (await parkedFailures()).items.map((failure: Failure.Info) => failure.id);
    expect(remaining).not.toContain(poison.id);
    expect(remaining).not.toContain(good.id);
  });
});

describe("a poisoned group-buy beside healthy ones", () => {
  it("settles the healthy one in the same run; the poisoned one is parked after the bound, then replayed", async () => {
    const healthy = await createGroupBuy(otherBrand);
    const poisoned = await createGroupBuy(brand);
    // A legacy item: a javascript: product URL and tiers no reader understands.
    await corrupt(poisoned.id, {
      product: { title: "Bad", url: "javascript:alert(1)" },
      tiers: "broken",
    });
    Clock.advance(DAY + 1);
    await runJob("settle-groupbuys");
    expect((await ok(await call("GET", `/api/v1/groupbuys/${healthy.id}`, undefined), 200)).status).toBe(
      "failed",
    );
    const failureId = Failure.idOf("job:settle-groupbuys", poisoned.id);
    for (let run = 2; run <= Failure.JOB_ATTEMPTS; run++) {
      expect((await parkedFailures()).items.map((failure: Failure.Info) => failure.id)).not.toContain(
        failureId,
      );
      await runJob("settle-groupbuys");
    }
    const parked = (await parkedFailures()).items.find((failure: Failure.Info) => failure.id === failureId);
    expect(parked).toMatchObject({
      source: "job:settle-groupbuys",
      consumer: "settle-groupbuys",
      itemKey: poisoned.id,
      status: "parked",
      attempts: Failure.JOB_ATTEMPTS,
    });
    // Parked items are skipped: another run neither counts nor fails.
    await runJob("settle-groupbuys");
    expect(
      (await parkedFailures()).items.find((failure: Failure.Info) => failure.id === failureId)?.attempts,
    ).toBe(Failure.JOB_ATTEMPTS);
    // The brand's list leaves the unreadable one out instead of answering 500.
    const list = await ok(await call("GET", `/api/v1/brands/${brand.id}/groupbuys`, brand.owner), 200);
    expect(list.items.map((item: { id: string }) => item.id)).not.toContain(poisoned.id);

    // Replay requeues it; once the item is mended, the next run settles it and resolves the failure.
    const requeued = await ok(await call("POST", `/api/v1/admin/failures/${failureId}/replay`, admin), 200);
    expect(requeued).toMatchObject({ status: "replaying", attempts: 0 });
    await corrupt(poisoned.id, { tiers: [{ participants: 2, price: usd(9_000) }] });
    await runJob("settle-groupbuys");
    expect((await ok(await call("GET", `/api/v1/groupbuys/${poisoned.id}`, undefined), 200)).status).toBe(
      "failed",
    );
    expect(
      (await Failure.get({ kind: "user", userId: admin.id, handle: admin.handle, role: "admin" }, failureId))
        .status,
    ).toBe("resolved");
  });

  it("reads, lists, joins and settles a legacy group-buy with a javascript: product URL, without the URL", async () => {
    const legacy = await createGroupBuy(brand, { minParticipants: 1 });
    await corrupt(legacy.id, { product: { title: "Legacy", url: "javascript:alert(1)" } });
    const read = await ok(await call("GET", `/api/v1/groupbuys/${legacy.id}`, undefined), 200);
    expect(read.product).toEqual({ title: "Legacy" });
    const list = await ok(await call("GET", `/api/v1/brands/${brand.id}/groupbuys`, brand.owner), 200);
    expect(list.items.map((item: { id: string }) => item.id)).toContain(legacy.id);
    const joiner = await account("follower");
    await ok(await call("POST", `/api/v1/groupbuys/${legacy.id}/join`, joiner, { quantity: 1 }), 201);
    Clock.advance(DAY + 1);
    await runJob("settle-groupbuys");
    expect((await ok(await call("GET", `/api/v1/groupbuys/${legacy.id}`, undefined), 200)).status).toBe(
      "succeeded",
    );
  });
});

describe("product URLs", () => {
  it.each([
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,<b>x</b>"],
    ["relative", "/products/kettle"],
    ["credentials", "https://user:pw@shop.example/p"],
  ])("refuses a %s product URL on create, update and CSV import with 422", async (_case, url) => {
    const created = await call("POST", `/api/v1/brands/${brand.id}/products`, brand.owner, {
      sku: `SKU-${randomUUID().slice(0, 8)}`,
      name: "Kettle",
      price: usd(1000),
      url,
    });
    expect(created.status).toBe(422);
    expect(await errorCode(created)).toBe("validation_failed");
    const good = await ok(
      await call("POST", `/api/v1/brands/${brand.id}/products`, brand.owner, {
        sku: `SKU-${randomUUID().slice(0, 8)}`,
        name: "Kettle",
        price: usd(1000),
        url: `https://${brand.domain}/p`,
      }),
      201,
    );
    const updated = await call("PATCH", `/api/v1/brands/${brand.id}/products/${good.id}`, brand.owner, {
      url,
    });
    expect(updated.status).toBe(422);
    const imported = await call("POST", `/api/v1/brands/${brand.id}/products/import`, brand.owner, {
      csv: `sku,name,price,url\nCSV-1,Kettle,10.00,"${url}"\n`,
    });
    expect(imported.status).toBe(422);
    expect(await errorCode(imported)).toBe("validation_failed");
  });
});

describe("removing a group-buy", () => {
  it("deletes an unjoined one, cancels a joined one (everyone released), and refuses a settled one", async () => {
    const unjoined = await createGroupBuy(brand);
    const viewer = await account("follower");
    // Not a member of the brand: not found for them, as on every brand route.
    expect((await call("DELETE", `/api/v1/brands/${brand.id}/groupbuys/${unjoined.id}`, viewer)).status).toBe(
      404,
    );
    // A member below admin: forbidden.
    const brandViewer = await addViewer(brand);
    const byViewer = await call("DELETE", `/api/v1/brands/${brand.id}/groupbuys/${unjoined.id}`, brandViewer);
    expect(byViewer.status).toBe(403);
    const foreign = await call(
      "DELETE",
      `/api/v1/brands/${otherBrand.id}/groupbuys/${unjoined.id}`,
      otherBrand.owner,
    );
    expect(foreign.status).toBe(404);
    expect(
      await ok(await call("DELETE", `/api/v1/brands/${brand.id}/groupbuys/${unjoined.id}`, brand.owner), 200),
    ).toEqual({ outcome: "deleted" });
    expect((await call("GET", `/api/v1/groupbuys/${unjoined.id}`, undefined)).status).toBe(404);

    const joined = await createGroupBuy(brand);
    const joiner = await account("follower");
    await ok(await call("POST", `/api/v1/groupbuys/${joined.id}/join`, joiner, { quantity: 1 }), 201);
    // A legacy item too broken to read whole can still be removed.
    await corrupt(joined.id, { tiers: "broken" });
    expect(
      await ok(await call("DELETE", `/api/v1/brands/${brand.id}/groupbuys/${joined.id}`, brand.owner), 200),
    ).toEqual({ outcome: "cancelled" });
    await corrupt(joined.id, { tiers: [{ participants: 2, price: usd(9_000) }] });
    const cancelled = await ok(await call("GET", `/api/v1/groupbuys/${joined.id}`, undefined), 200);
    expect(cancelled).toMatchObject({ status: "failed", cancelledAt: expect.any(String) });
    const mine = await ok(await call("GET", "/api/v1/me/groupbuys", joiner), 200);
    expect(mine.items.find((item: { groupbuyId: string }) => item.groupbuyId === joined.id)).toMatchObject({
      status: "failed",
    });
    const again = await call("DELETE", `/api/v1/brands/${brand.id}/groupbuys/${joined.id}`, brand.owner);
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe("groupbuy_closed");
  });
});
