import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { readJson } from "../../../../tests/fixtures/accounts";
import { app } from "./app";

/** Routes that serve the documentation itself rather than the API. */
const undocumented = new Set(["/api/openapi.json", "/api/docs"]);

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const response = await app.request("/api/openapi.json");
    expect(response.status).toBe(200);
    const document = await readJson(response);
    expect(document.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("lists every route the app serves", async () => {
    const document = await readJson(await app.request("/api/openapi.json"));
    const documented = new Set(
      Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const served = app.routes
      .filter((route) => route.method !== "ALL" && !undocumented.has(route.path))
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(served.length).toBeGreaterThan(5);
    for (const route of served) expect(documented, `${route} is missing from openapi.json`).toContain(route);
  });

  it("renders the reference page without outside assets", async () => {
    const response = await app.request("/api/docs");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("openapi.json");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
  });
});
