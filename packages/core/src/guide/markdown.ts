import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * Guide bodies are Markdown written by creators and read by everyone, so the HTML we hand out must be inert.
 * Two layers: raw HTML in the Markdown is escaped to text (never passed through), and the rendered output
 * goes through an allowlist sanitizer that keeps only formatting tags and http(s)/mailto links.
 */
const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const allowed: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: { a: ["href", "title"], ol: ["start"], th: ["align"], td: ["align"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Every link leaves the site: open it safely and tell search engines we do not vouch for it.
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer ugc", target: "_blank" }),
    h1: "h2",
  },
};
allowed.allowedAttributes = { ...allowed.allowedAttributes, a: ["href", "title", "rel", "target"] };

/** Markdown to sanitized HTML, safe to insert into a page as is. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, allowed);
}
