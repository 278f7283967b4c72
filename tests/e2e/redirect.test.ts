import { Agent, request as httpRequest } from "node:http";
import { Click } from "@shopguide/core/click";
import { config } from "@shopguide/core/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamPoller } from "../../packages/functions/src/local/stream-poller";
import { handler as streamHandler } from "../../packages/functions/src/stream";
import { json, readJson, signUp, type TestAccount } from "../fixtures/accounts";
import { startServer, type TestServer } from "../fixtures/server";

const BROWSER =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
const BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

const agents = new Map<string, Agent>();

/**
 * One GET over a real socket from a chosen loopback address, so each "visitor" has its own IP. Each visitor
 * keeps up to 4 sockets alive (400 open at once), so 2 000 requests in flight do not overflow the listen backlog.
 */
function get(
  url: string,
  from: string,
  userAgent: string,
): Promise<{ status: number; location: string | undefined }> {
  let agent = agents.get(from);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 4, localAddress: from });
    agents.set(from, agent);
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { "user-agent": userAgent }, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.on("error", reject);
    req.end();
  });
}

let server: TestServer;
let creator: TestAccount;

beforeAll(async () => {
  server = await startServer();
  creator = await signUp("creator");
});
afterAll(async () => {
  for (const agent of agents.values()) agent.destroy();
  await server.stop();
});

describe("2 000 concurrent redirects on one link, over real HTTP", () => {
  it("store exactly 2 000 clicks, count each visitor once, and ignore a replayed stream", async () => {
    const created = await fetch(`${server.url}/api/v1/links`, {
      method: "POST",
      headers: json(creator.auth),
      body: JSON.stringify({ url: "https://shop.example/viral?ref=x#buy", guideId: "gde_viral" }),
    });
    expect(created.status).toBe(201);
    const { code } = await readJson(created);

    // 100 visitors (127.0.1.1-100) x 20 visits; each visitor's every fifth visit is a crawler's.
    const visits = Array.from({ length: 2000 }, (_, index) => ({
      from: `127.0.1.${(index % 100) + 1}`,
      agent: Math.floor(index / 100) % 5 === 4 ? BOT : BROWSER,
    }));
    const answers = await Promise.all(
      visits.map((visit) => get(`${server.url}/r/${code}`, visit.from, visit.agent)),
    );
    expect(answers.every((answer) => answer.status === 302)).toBe(true);
    const clickIds = answers.map((answer) => new URL(String(answer.location)).searchParams.get("sg_click"));
    expect(new Set(clickIds).size).toBe(2000);

    const clicks = await Click.listByLink(code);
    expect(clicks).toHaveLength(2000);
    expect(new Set(clicks.map((click) => click.id))).toEqual(new Set(clickIds));

    await server.drainStream();
    // 1 600 human visits from 100 visitors inside an hour: each visitor counted once, the rest repeats.
    const expected = { humanClicks: 100, botClicks: 400, duplicateClicks: 1500 };

    const statsOf = async (path: string) => {
      const response = await fetch(`${server.url}${path}`, { headers: creator.auth });
      expect(response.status).toBe(200);
      return (await readJson(response)).totals;
    };
    const linkStats = await statsOf(`/api/v1/links/${code}/stats?interval=hour`);
    expect(linkStats).toEqual(expected);
    expect(await statsOf("/api/v1/me/stats?interval=day")).toEqual(expected);
    expect(await statsOf("/api/v1/me/stats?interval=hour&guideId=gde_viral")).toEqual(expected);

    // Lambda redelivers whole batches after a failure; play the entire stream to the handler again.
    const replay = new StreamPoller({
      tableName: config().tableName,
      handler: streamHandler,
      start: "TRIM_HORIZON",
    });
    await replay.drain();
    await replay.stop();
    expect(await statsOf(`/api/v1/links/${code}/stats?interval=hour`)).toEqual(expected);
    expect(await statsOf("/api/v1/me/stats?interval=day")).toEqual(expected);
    const list = await readJson(await fetch(`${server.url}/api/v1/links`, { headers: creator.auth }));
    expect(list.items[0].clicks).toEqual(expected);
  }, 600_000);
});
