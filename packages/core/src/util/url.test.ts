import { describe, expect, it } from "vitest";
import { HttpUrl } from "./url";

describe("HttpUrl", () => {
  it.each(["https://shop.example/p?id=1", "http://shop.example", "  https://shop.example/trim  "])(
    "accepts %j",
    (url) => {
      expect(HttpUrl.safeParse(url).success).toBe(true);
    },
  );

  it.each([
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://files.example/x",
    "https://user:secret@shop.example/",
    "https://user@shop.example/",
    "//shop.example/relative",
    "/just/a/path",
    `https://shop.example/${"x".repeat(2048)}`,
  ])("refuses %j", (url) => {
    expect(HttpUrl.safeParse(url).success).toBe(false);
  });
});
