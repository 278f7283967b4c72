import { describe, expect, it } from "vitest";
import { resolveClientIp } from "./client-ip";

const sources = {
  viewerAddress: "198.51.100.20:51234",
  forwardedFor: "203.0.113.9, 10.0.0.1",
  sourceIp: "192.0.2.44",
  socketAddress: "127.0.0.1",
};

describe("the client address", () => {
  it.each([
    ["directly (socket or API Gateway)", { trustProxy: false, behindCloudFront: false }, "192.0.2.44"],
    ["behind a trusted proxy", { trustProxy: true, behindCloudFront: false }, "203.0.113.9"],
    ["behind the site's CloudFront", { trustProxy: false, behindCloudFront: true }, "198.51.100.20"],
  ])("comes from the right source %s", (_case, settings, expected) => {
    expect(resolveClientIp(sources, settings)).toBe(expected);
  });

  it("ignores forwarding headers nobody trusted", () => {
    const spoofed = { ...sources, sourceIp: undefined };
    expect(resolveClientIp(spoofed, { trustProxy: false, behindCloudFront: false })).toBe("127.0.0.1");
  });

  it("strips the port of an IPv6 viewer address", () => {
    const ipv6 = { ...sources, viewerAddress: "2001:db8::7:443" };
    expect(resolveClientIp(ipv6, { trustProxy: false, behindCloudFront: true })).toBe("2001:db8::7");
  });
});
