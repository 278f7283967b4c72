import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { allErrorCodes, errorCodes, isErrorCode } from "@shopguide/core/util/error-codes";
import type { ErrorKind } from "@shopguide/core/util/errors";
import { describe, expect, it } from "vitest";
import { readJson } from "../../../../tests/fixtures/accounts";
import { app } from "./app";

/** What each kind of AppError answers; a throw site's kind must agree with its code's catalogued status. */
const statusOfKind: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  validation: 422,
  rate_limited: 429,
};

const root = resolve(import.meta.dirname, "../../../..");
const sourceDirs = ["packages/core/src", "packages/functions/src"].map((dir) => join(root, dir));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

const snake = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const literals = (text: string) => [...text.matchAll(/"([^"\\\n]*)"/g)].map((match) => match[1] ?? "");

interface Use {
  where: string;
  code: string;
  kind?: string;
}

/**
 * Every code the sources throw or answer, found by reading them: AppError constructors and subclasses'
 * `super("<kind>", "<code>")`, NotFoundError and ForbiddenError codes, `code: "..."` in answers and field
 * issues, and rule-code constants. Static on purpose: a code added on another branch fails here until it is
 * catalogued (AppError's `code` is also typed `ErrorCode`, so its constructors fail typecheck as well).
 */
function codesInSources(): Use[] {
  const uses: Use[] = [];
  const kinds = new Set(Object.keys(statusOfKind));
  for (const file of sourceDirs.flatMap(sources)) {
    const text = readFileSync(file, "utf8");
    const where = relative(root, file);
    if (where.endsWith("util/error-codes.ts")) continue;
    // `super("<kind>", "<code>", ...)` in an AppError subclass, or `new AppError("<kind>", "<code>", ...)`.
    for (const match of text.matchAll(/\b(?:super|new AppError)\(\s*"(\w+)",\s*"(\w+)"/g))
      if (kinds.has(match[1] ?? "")) uses.push({ where, code: match[2] ?? "", kind: match[1] });
    // NotFoundError(what, code) and ForbiddenError(message, code), constructed or extended.
    for (const [base, kind] of [
      ["NotFoundError", "not_found"],
      ["ForbiddenError", "forbidden"],
    ] as const) {
      const calls = new RegExp(`new ${base}\\(((?:[^()]|\\([^()]*\\))*)\\)`, "g");
      // The body of each subclass (up to the first line that closes a block at column 0), then its super(...).
      const subclasses = [...text.matchAll(new RegExp(`extends ${base} \\{[\\s\\S]*?\\n\\}`, "g"))];
      const supers = subclasses.flatMap((body) => [
        ...body[0].matchAll(/\bsuper\(((?:[^()]|\([^()]*\))*)\)/g),
      ]);
      for (const match of [...text.matchAll(calls), ...supers]) {
        const code = literals(match[1] ?? "")
          .filter((literal) => snake.test(literal))
          .at(-1);
        if (code) uses.push({ where, code, kind });
      }
    }
    for (const match of text.matchAll(/\bcode:\s*"([^"]+)"/g)) {
      const code = match[1] ?? "";
      if (code !== "custom") uses.push({ where, code });
    }
    for (const match of text.matchAll(/export const [A-Z_]+ = "([a-z]+(?:_[a-z0-9]+)+)";/g))
      if (/params: \{ code: [A-Z_]+/.test(text) || /code: [A-Z_]+,/.test(text))
        uses.push({ where, code: match[1] ?? "" });
  }
  return uses;
}

describe("the error-code catalogue (core/util/error-codes.ts)", () => {
  const uses = codesInSources();

  it("finds the codes the sources throw (the scan itself works)", () => {
    const found = new Set(uses.map((use) => use.code));
    for (const code of [
      "email_taken",
      "groupbuy_full",
      "cursor_invalid",
      "origin_forbidden",
      "date_out_of_range",
    ])
      expect(found, code).toContain(code);
    expect(found.size).toBeGreaterThan(50);
  });

  it("has every code thrown or answered anywhere, with the status its throw site's kind means", () => {
    const missing = uses.filter((use) => !isErrorCode(use.code)).map((use) => `${use.code} (${use.where})`);
    expect(missing, "catalogue these in packages/core/src/util/error-codes.ts").toEqual([]);
    const disagreeing = uses
      .filter((use) => use.kind && isErrorCode(use.code))
      .filter(
        (use) =>
          statusOfKind[use.kind as ErrorKind] !== errorCodes[use.code as keyof typeof errorCodes].status,
      )
      .map((use) => `${use.code}: thrown as ${use.kind} in ${use.where}`);
    expect(disagreeing).toEqual([]);
  });

  it("lists only codes in use, each snake_case with a status and a meaning", () => {
    const used = new Set(uses.map((use) => use.code));
    // Answered by error.ts itself, or the base classes' defaults (util/errors.ts); the rest must be used somewhere.
    const transport = new Set([
      "internal",
      "http_error",
      "malformed_request",
      "route_not_found",
      "forbidden",
      "not_found",
      "unauthorized",
      "validation_failed",
      "rate_limited",
    ]);
    for (const [code, entry] of Object.entries(errorCodes)) {
      expect(code).toMatch(snake);
      expect(entry.meaning.length, code).toBeGreaterThan(5);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(used.has(code) || transport.has(code), `${code} is catalogued but never used`).toBe(true);
    }
  });

  it("is the enum of the OpenAPI document's error code", async () => {
    const document = await readJson(await app.request("/api/openapi.json"));
    const code = document.components.schemas.Error.properties.error.properties.code;
    expect([...code.enum].sort()).toEqual([...allErrorCodes].sort());
  });

  it("gives the status of every answer: an unknown route, a bad cursor, a validation failure", async () => {
    const unknown = await app.request("/api/v1/nothing-here");
    expect([unknown.status, (await readJson(unknown)).error.code]).toEqual([404, "route_not_found"]);
    const cursor = await app.request("/api/v1/feed/trending?cursor=garbage");
    const body = await readJson(cursor);
    expect(cursor.status).toBe(errorCodes[body.error.code as keyof typeof errorCodes].status);
  });
});
