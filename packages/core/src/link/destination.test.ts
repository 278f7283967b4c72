import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDestination, normalizeDestination } from "./destination";

describe("checkDestination", () => {
  it.each([
    "https://shop.example/p/1?color=red#reviews",
    "http://shop.example",
    "https://xn--bcher-kva.example/",
    "https://8.8.8.8/",
    "https://[2001:4860:4860::8888]/",
    "https://shop.example:8443/a",
  ])("accepts %s", (url) => {
    expect(checkDestination(url)).toBeUndefined();
  });

  it.each([
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html;base64,PHNjcmlwdD4="],
    ["file:", "file:///etc/passwd"],
    ["mailto:", "mailto:a@b.example"],
    ["userinfo", "http://user:pw@host.example/"],
    ["user only", "https://user@host.example/"],
    ["loopback", "http://127.0.0.1/"],
    ["loopback /8", "http://127.10.0.1/"],
    ["short loopback", "http://127.1/"],
    ["decimal loopback", "http://2130706433/"],
    ["octal loopback", "http://0177.0.0.1/"],
    ["hex loopback", "http://0x7f000001/"],
    ["unspecified", "http://0.0.0.0/"],
    ["10/8", "http://10.0.0.5/"],
    ["172.16/12", "http://172.31.255.255/"],
    ["192.168/16", "http://192.168.0.1/"],
    ["CGNAT", "http://100.64.0.1/"],
    ["link-local", "http://169.254.169.254/"],
    ["multicast", "http://224.0.0.1/"],
    ["broadcast", "http://255.255.255.255/"],
    ["IPv6 loopback", "http://[::1]/"],
    ["IPv6 unspecified", "http://[::]/"],
    ["IPv4-mapped loopback", "http://[::ffff:127.0.0.1]/"],
    ["IPv4-mapped private", "http://[::ffff:192.168.1.1]/"],
    ["IPv6 unique local", "http://[fc00::1]/"],
    ["IPv6 link-local", "http://[fe80::1%25eth0]/"],
    ["localhost", "http://localhost/"],
    ["localhost subdomain", "http://api.localhost/"],
    ["trailing-dot localhost", "http://localhost./"],
    [".internal", "http://metadata.google.internal/"],
    ["single label", "http://intranet/"],
    ["not a URL", "shop.example/p"],
    ["too long", `https://shop.example/${"a".repeat(2030)}`],
  ])("rejects %s", (_case, url) => {
    expect(checkDestination(url)).toEqual(expect.any(String));
  });

  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.webUrl({ withFragments: true, withQueryParameters: true })),
        (url) => {
          const problem = checkDestination(url);
          if (problem === undefined)
            expect(["http:", "https:"]).toContain(new URL(normalizeDestination(url)).protocol);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
