import { describe, expect, it } from "vitest";
import { endpointUrlProblem, isPrivateAddress } from "./address";

describe("addresses a webhook may not reach", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fd00::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "64:ff9b::a00:1",
    "not-an-ip",
  ])("%s is private", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(["93.184.215.14", "172.32.0.1", "8.8.8.8", "2606:4700::6810:84e5", "::ffff:8.8.8.8"])(
    "%s is public",
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe("webhook endpoint URLs", () => {
  it.each([
    ["https://hooks.example.com/shopguide", undefined],
    ["http://hooks.example.com/shopguide", "Webhook endpoints must use https"],
    ["https://localhost/hook", "public host"],
    ["https://127.0.0.1:8443/hook", "public host"],
    ["https://[::1]/hook", "public host"],
    ["https://169.254.169.254/latest", "public host"],
    ["https://printer.local/hook", "public host"],
    ["https://intranet/hook", "public host"],
    ["javascript:alert(1)", "Only http and https"],
    ["https://user:pw@hooks.example.com/", "user name or password"],
  ])("%s → %s", (url, problem) => {
    const found = endpointUrlProblem(url, false);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  it("allows http and loopback only with the local switch", () => {
    expect(endpointUrlProblem("http://127.0.0.1:4000/hook", true)).toBeUndefined();
    expect(endpointUrlProblem("ftp://127.0.0.1/hook", true)).toContain("Only http and https");
  });
});
