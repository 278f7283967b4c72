import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Outbound } from ".";
import { isRefusedAddress } from "./address";

// The test setup allowlists exactly "127.0.0.1" (any port): the receiver below. Nothing else is.
let receiver: Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    hits.push(request.url ?? "");
    if (request.url === "/redirect") {
      response.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end();
    } else if (request.url === "/big") {
      response.writeHead(200).end("x".repeat(100_000));
    } else if (request.url === "/silent") {
      // never answers
    } else {
      response.writeHead(201, { "x-seen": request.method ?? "" }).end(`hello ${request.url}`);
    }
  });
  await new Promise<void>((ready) => receiver.listen(0, "127.0.0.1", ready));
  port = (receiver.address() as AddressInfo).port;
});

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((done) => receiver.close(done));
});

afterEach(() => {
  Outbound.useResolver();
  hits.length = 0;
});

const limits = { timeoutMs: 2_000, maxBytes: 1_024 };

describe("the address classifier", () => {
  it.each([
    "127.0.0.1",
    "127.10.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.255",
    "0.0.0.0",
    "224.0.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.2.10",
    "198.51.100.1",
    "203.0.113.1",
    "::1",
    "[::1]",
    "::",
    "fd00::1",
    "fc00::1",
    "fe80::1",
    "fe80::1%eth0",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:a9fe:a9fe",
    "::127.0.0.1",
    "64:ff9b::a00:1",
    "64:ff9b::808:808",
    "2002:7f00:1::",
    "2001:db8::1",
    "2001::1",
    "not-an-ip",
    "1.2.3",
  ])("%s is refused", (address) => {
    expect(isRefusedAddress(address)).toBe(true);
  });

  it.each([
    "93.184.215.14",
    "172.32.0.1",
    "8.8.8.8",
    "100.128.0.1",
    "2606:4700::6810:84e5",
    "::ffff:8.8.8.8",
  ])("%s is public", (address) => {
    expect(isRefusedAddress(address)).toBe(false);
  });
});

describe("URLs the guard refuses before any DNS", () => {
  it.each([
    ["plain http to a public host", "http://hooks.example.com/x", "https"],
    ["loopback, not the allowlisted spelling", "https://127.0.0.2/x", "public host"],
    ["hex loopback", "http://0x7f000001:PORT/x", "https"],
    ["hex loopback over https", "https://0x7f000001:PORT/x", "public host"],
    ["decimal loopback", "https://2130706433:PORT/x", "public host"],
    ["octal loopback", "https://0177.0.0.1:PORT/x", "public host"],
    ["short loopback", "https://127.1:PORT/x", "public host"],
    ["localhost", "https://localhost:PORT/x", "public host"],
    ["*.localhost", "https://api.localhost/x", "public host"],
    ["IPv6 loopback", "https://[::1]:PORT/x", "public host"],
    ["IPv4-mapped loopback", "https://[::ffff:127.0.0.1]/x", "public host"],
    ["NAT64", "https://[64:ff9b::7f00:1]/x", "public host"],
    ["metadata", "https://169.254.169.254/latest/meta-data", "public host"],
    ["RFC 1918", "https://10.0.0.1/x", "public host"],
    ["CGNAT", "https://100.64.1.1/x", "public host"],
    ["ULA", "https://[fd12::1]/x", "public host"],
    ["link-local v6", "https://[fe80::1]/x", "public host"],
    ["unspecified", "https://0.0.0.0/x", "public host"],
    ["multicast", "https://224.0.0.251/x", "public host"],
    [".internal", "https://metadata.google.internal/x", "public host"],
    ["single label", "https://intranet/x", "public host"],
    ["not http", "ftp://hooks.example.com/x", "Only http and https"],
    ["credentials", "https://user:pw@hooks.example.com/x", "user name or password"],
  ])("%s", async (_case, template, message) => {
    const url = template.replace("PORT", String(port));
    expect(Outbound.problem(url)).toContain(message);
    expect(await Outbound.check(url)).toContain(message);
    await expect(Outbound.fetch(url, {}, limits)).rejects.toBeInstanceOf(Outbound.OutboundRefusedError);
    expect(hits).toEqual([]);
  });

  it("lets the exact allowlisted host through, over plain http too", () => {
    expect(Outbound.problem(`http://127.0.0.1:${port}/x`)).toBeUndefined();
  });
});

describe("names, checked on every address they resolve to", () => {
  it.each([
    ["a private answer", ["10.0.0.7"]],
    ["the metadata service", ["169.254.169.254"]],
    ["loopback v6", ["::1"]],
    ["one private answer among public ones", ["93.184.215.14", "127.0.0.1"]],
  ])("refuses a public-looking name with %s", async (_case, addresses) => {
    Outbound.useResolver(async () =>
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
    );
    expect(await Outbound.check("https://hooks.example.com/x")).toContain("resolves to");
    await expect(Outbound.fetch("https://hooks.example.com/x", {}, limits)).rejects.toBeInstanceOf(
      Outbound.OutboundRefusedError,
    );
  });

  it("accepts a name whose every answer is public", async () => {
    Outbound.useResolver(async () => [{ address: "93.184.215.14", family: 4 }]);
    expect(await Outbound.check("https://hooks.example.com/x")).toBeUndefined();
  });

  it("refuses a name that does not resolve", async () => {
    Outbound.useResolver(async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    });
    expect(await Outbound.check("https://nowhere.example.com/x")).toContain("could not be resolved");
  });

  it("resolves again at send time: a name checked public that now answers loopback is refused", async () => {
    let answer = "93.184.215.14";
    Outbound.useResolver(async () => [{ address: answer, family: 4 }]);
    expect(await Outbound.check("https://rebind.example.com/x")).toBeUndefined();
    answer = "127.0.0.1";
    await expect(Outbound.fetch("https://rebind.example.com/x", {}, limits)).rejects.toThrow("resolves to");
  });
});

describe("requests through the guard", () => {
  it("sends method, headers and body and answers status, headers and body", async () => {
    const answer = await Outbound.fetch(
      `http://127.0.0.1:${port}/echo`,
      { method: "POST", headers: { "content-type": "text/plain" }, body: "hi" },
      limits,
    );
    expect(answer.status).toBe(201);
    expect(answer.headers["x-seen"]).toBe("POST");
    expect(answer.body.toString()).toBe("hello /echo");
    expect(answer.truncated).toBe(false);
  });

  it("never follows a redirect", async () => {
    const answer = await Outbound.fetch(`http://127.0.0.1:${port}/redirect`, {}, limits);
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toContain("/secret");
    expect(hits).toEqual(["/redirect"]);
  });

  it("keeps at most maxBytes of the answer", async () => {
    const answer = await Outbound.fetch(`http://127.0.0.1:${port}/big`, {}, limits);
    expect(answer.body.length).toBe(1_024);
    expect(answer.truncated).toBe(true);
  });

  it("gives up after the timeout", async () => {
    await expect(
      Outbound.fetch(`http://127.0.0.1:${port}/silent`, {}, { timeoutMs: 200, maxBytes: 10 }),
    ).rejects.toBeInstanceOf(Outbound.OutboundFailedError);
  });
});
