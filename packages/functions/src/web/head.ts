/**
 * The server-rendered head of a shareable page (a guide, a storefront, a group-buy): the built index.html
 * with its <title>, description, canonical link, Open Graph and Twitter card tags filled in for that page.
 * The app below the head stays client-rendered. Pure string work, no I/O: `pages.ts` reads the data.
 */

/** A page's image as the head names it: an absolute URL, with its size when known. */
export interface HeadImage {
  url: string;
  width?: number;
  height?: number;
  alt?: string;
}

export interface PageHead {
  title: string;
  description: string;
  /** Path-absolute (`/guides/gde_…`); made absolute with the public URL. */
  path: string;
  type: "article" | "profile" | "website" | "product";
  image?: HeadImage;
  /** Not-found and other pages crawlers should not keep. */
  noindex?: boolean;
  /**
   * The page's first (LCP) picture, preloaded from the head so the browser fetches it before the app renders
   * it: the variants as `imagesrcset` and the same `sizes` the page's `<Picture>` draws it at.
   */
  preload?: { srcset: string; sizes: string };
}

const SITE_NAME = "shopguide";
const MAX_DESCRIPTION = 200;

/** Escapes text for an HTML attribute value or element content. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** One line of plain text from markdown-ish input, cut at a word near `max` characters. */
export function summaryText(text: string, max = MAX_DESCRIPTION): string {
  const plain = text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[#*_`>~|-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A path-absolute or absolute URL made absolute against the site's public URL. */
export function absoluteUrl(publicUrl: string, pathOrUrl: string): string {
  return new URL(pathOrUrl, `${publicUrl}/`).toString();
}

function meta(attribute: "name" | "property", key: string, content: string): string {
  return `<meta ${attribute}="${key}" content="${escapeHtml(content)}" />`;
}

/** The tags for one page, one per line. */
export function headTags(head: PageHead, publicUrl: string): string {
  const url = absoluteUrl(publicUrl, head.path);
  const tags = [
    `<title>${escapeHtml(head.title)}</title>`,
    meta("name", "description", head.description),
    `<link rel="canonical" href="${escapeHtml(url)}" />`,
    ...(head.noindex ? [meta("name", "robots", "noindex")] : []),
    ...(head.preload
      ? [
          `<link rel="preload" as="image" imagesrcset="${escapeHtml(head.preload.srcset)}" imagesizes="${escapeHtml(head.preload.sizes)}" fetchpriority="high" />`,
        ]
      : []),
    meta("property", "og:site_name", SITE_NAME),
    meta("property", "og:title", head.title),
    meta("property", "og:description", head.description),
    meta("property", "og:url", url),
    meta("property", "og:type", head.type),
    meta("name", "twitter:card", head.image ? "summary_large_image" : "summary"),
    meta("name", "twitter:title", head.title),
    meta("name", "twitter:description", head.description),
  ];
  if (head.image) {
    const image = absoluteUrl(publicUrl, head.image.url);
    tags.push(meta("property", "og:image", image), meta("name", "twitter:image", image));
    if (head.image.width) tags.push(meta("property", "og:image:width", String(head.image.width)));
    if (head.image.height) tags.push(meta("property", "og:image:height", String(head.image.height)));
    if (head.image.alt) {
      tags.push(
        meta("property", "og:image:alt", head.image.alt),
        meta("name", "twitter:image:alt", head.image.alt),
      );
    }
  }
  return tags.join("\n    ");
}

/**
 * The built index.html with the page's head: the generic <title> and description are replaced, the rest
 * is added before </head>. `body` (already escaped HTML) goes inside #root for readers without script; the
 * app clears it when it starts.
 */
export function renderPage(indexHtml: string, head: PageHead, publicUrl: string, body?: string): string {
  const withoutGeneric = indexHtml
    .replace(/<title>[\s\S]*?<\/title>\s*/i, "")
    .replace(/<meta\s+name="description"[^>]*>\s*/i, "");
  const withHead = withoutGeneric.replace(/<\/head>/i, `  ${headTags(head, publicUrl)}\n  </head>`);
  return body ? withHead.replace('<div id="root"></div>', `<div id="root">${body}</div>`) : withHead;
}

/** The not-found page: a real page (status 404 from the caller), kept out of indexes. */
export function renderNotFound(indexHtml: string, path: string, publicUrl: string, what: string): string {
  return renderPage(
    indexHtml,
    {
      title: `Not found · ${SITE_NAME}`,
      description: `This ${what} does not exist or is no longer public.`,
      path,
      type: "website",
      noindex: true,
    },
    publicUrl,
    `<main id="main"><h1>Page not found</h1><p>This ${escapeHtml(what)} does not exist or is no longer public.</p><p><a href="/">Go to the home page</a></p></main>`,
  );
}

/** The sitemap document for absolute URLs (at most 50 000 by the protocol; callers bound it lower). */
export function sitemapXml(entries: { url: string; lastModified?: string }[]): string {
  const urls = entries.map(
    (entry) =>
      `  <url><loc>${escapeHtml(entry.url)}</loc>${entry.lastModified ? `<lastmod>${escapeHtml(entry.lastModified.slice(0, 10))}</lastmod>` : ""}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}
