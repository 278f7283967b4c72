import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

describe("config", () => {
  it("defaults what is unset", () => {
    const loaded = loadConfig({});
    expect(loaded).toMatchObject({
      tableName: "shopguide",
      dynamoEndpoint: undefined,
      region: "us-east-1",
      devClock: false,
      webOrigins: [],
      publicUrl: "http://localhost:3000",
      rateLimits: {},
      linkCacheSeconds: 5,
      countryHeader: undefined,
      secretsKey: undefined,
      capacityMeter: false,
    });
  });

  it("parses what is set", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const loaded = loadConfig({
      SHOPGUIDE_TABLE: "prod-table",
      SHOPGUIDE_DYNAMO_ENDPOINT: "http://127.0.0.1:8000",
      SHOPGUIDE_DEV_CLOCK: "1",
      SHOPGUIDE_WEB_ORIGINS: " https://a.example , https://b.example ,",
      SHOPGUIDE_PUBLIC_URL: "https://shop.example/",
      SHOPGUIDE_LINK_CACHE_SECONDS: "0",
      SHOPGUIDE_COUNTRY_HEADER: " CloudFront-Viewer-Country ",
      SHOPGUIDE_SECRETS_KEY: key,
    });
    expect(loaded).toMatchObject({
      tableName: "prod-table",
      dynamoEndpoint: "http://127.0.0.1:8000",
      devClock: true,
      webOrigins: ["https://a.example", "https://b.example"],
      publicUrl: "https://shop.example",
      linkCacheSeconds: 0,
      countryHeader: "cloudfront-viewer-country",
    });
    expect(loaded.secretsKey?.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it("reports every bad value at once instead of defaulting it", () => {
    expect(() =>
      loadConfig({
        SHOPGUIDE_DEV_CLOCK: "yes",
        SHOPGUIDE_LINK_CACHE_SECONDS: "61",
        SHOPGUIDE_FEED_CAP: "ten",
        SHOPGUIDE_PUBLIC_URL: "not a url",
        SHOPGUIDE_SECRETS_KEY: "c2hvcnQ=",
        SHOPGUIDE_IP_HASH_SECRET: "short",
      }),
    ).toThrow(
      /SHOPGUIDE_SECRETS_KEY.*SHOPGUIDE_PUBLIC_URL.*SHOPGUIDE_FEED_CAP.*SHOPGUIDE_IP_HASH_SECRET.*SHOPGUIDE_LINK_CACHE_SECONDS/,
    );
    expect(() => loadConfig({ SHOPGUIDE_DEV_CLOCK: "yes" })).toThrow(
      /SHOPGUIDE_DEV_CLOCK: expected "0" or "1"/,
    );
  });

  it("takes outbound allowlist entries only as exact hosts, and has no blanket switch", () => {
    expect(loadConfig({}).outboundAllowHosts).toEqual([]);
    expect(
      loadConfig({ SHOPGUIDE_OUTBOUND_ALLOW_HOSTS: "127.0.0.1:4567, Localhost:4568,[::1]:9000" })
        .outboundAllowHosts,
    ).toEqual(["127.0.0.1:4567", "localhost:4568", "[::1]:9000"]);
    for (const bad of ["*", "*.example.com", "0x7f000001", "http://127.0.0.1", "127.0.0.1/8"]) {
      expect(() => loadConfig({ SHOPGUIDE_OUTBOUND_ALLOW_HOSTS: bad })).toThrow(
        "SHOPGUIDE_OUTBOUND_ALLOW_HOSTS",
      );
    }
    expect(loadConfig({ SHOPGUIDE_WEBHOOK_ALLOW_PRIVATE: "1" })).not.toHaveProperty("webhookAllowPrivate");
  });

  it("takes DNS servers as IP addresses with optional ports, and the domain-check origin as a URL", () => {
    expect(loadConfig({})).toMatchObject({ dnsServers: [], domainCheckOrigin: undefined });
    expect(
      loadConfig({
        SHOPGUIDE_DNS_SERVERS: "127.0.0.1:5353, 8.8.8.8,[::1]:53",
        SHOPGUIDE_DOMAIN_CHECK_ORIGIN: "http://127.0.0.1:4567/",
      }),
    ).toMatchObject({
      dnsServers: ["127.0.0.1:5353", "8.8.8.8", "[::1]:53"],
      domainCheckOrigin: "http://127.0.0.1:4567",
    });
    for (const bad of ["dns.example.com", "127.0.0.1:port", "http://127.0.0.1"]) {
      expect(() => loadConfig({ SHOPGUIDE_DNS_SERVERS: bad })).toThrow("SHOPGUIDE_DNS_SERVERS");
    }
  });
});
