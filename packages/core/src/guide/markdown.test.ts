import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

describe("renderMarkdown", () => {
  it("renders ordinary Markdown", () => {
    const html = renderMarkdown(
      "# Kit\n\nA **sturdy** pan. See [the review](https://example.com/r).\n\n- one\n- two",
    );
    expect(html).toContain("<h2>Kit</h2>");
    expect(html).toContain("<strong>sturdy</strong>");
    expect(html).toContain('href="https://example.com/r"');
    expect(html).toContain('rel="nofollow noopener noreferrer ugc"');
    expect(html).toContain("<li>two</li>");
  });

  it.each([
    ["a script tag", "<script>alert(1)</script>"],
    ["an image with onerror", '<img src="x" onerror="alert(1)">'],
    ["an iframe", '<iframe src="https://evil.example"></iframe>'],
    ["a javascript: link", "[click](javascript:alert(1))"],
    ["an encoded javascript: link", "[click](jav&#x61;script:alert(1))"],
    ["a data: link", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["an inline event handler in a link title", '[x](https://a.example "x\\" onmouseover=\\"alert(1)")'],
    ["an svg", "<svg onload=alert(1)>"],
  ])("leaves %s inert", (_case, markdown) => {
    const html = renderMarkdown(`Before\n\n${markdown}\n\nAfter`);
    // Escaped text may still spell the attack out; what matters is that no real tag or attribute carries it.
    expect(html).not.toMatch(/<(script|iframe|img|svg)/i);
    expect(html).not.toMatch(/<\w+(\s+[\w-]+="[^"]*")*\s+on\w+=/i);
    expect(html).not.toMatch(/href="\s*(javascript|data):/i);
  });

  it("keeps raw HTML visible as text instead of dropping it silently", () => {
    expect(renderMarkdown("<b>bold?</b>")).toContain("&lt;b&gt;bold?&lt;/b&gt;");
  });
});
