import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Handle, RESERVED_HANDLES } from "./schema";

/** The first segment of every route the web declares, e.g. `/studio/links` → `studio`. */
function webSegments(): string[] {
  const routes = readFileSync(resolve(__dirname, "../../../../web/src/index.tsx"), "utf8");
  const paths = [...routes.matchAll(/path="\/([^"/:*]*)/g)].map((match) => match[1] ?? "");
  return [...new Set(paths.filter((segment) => segment !== ""))];
}

describe("reserved handles", () => {
  it("cover every page of the web a handle could shadow (/@handle and /handle share the top level)", () => {
    const segments = webSegments();
    expect(segments.length).toBeGreaterThan(10);
    // A segment a handle can never be (hyphens, too short) needs no reservation.
    const couldBeHandles = segments.filter((segment) => Handle.safeParse(segment).success);
    expect(couldBeHandles.filter((segment) => !RESERVED_HANDLES.has(segment))).toEqual([]);
  });
});
