import { config } from "@shopguide/core/config";
import { Feed } from "@shopguide/core/feed";
import { GroupBuy } from "@shopguide/core/groupbuy";
import { Guide } from "@shopguide/core/guide";
import { BANNER_SIZES, HERO_SIZES } from "@shopguide/core/image/sizes";
import { Profile } from "@shopguide/core/profile";
import { Actor } from "@shopguide/core/util/actor";
import { NotFoundError } from "@shopguide/core/util/errors";
import { display } from "@shopguide/core/util/money";
import { type Context, Hono } from "hono";
import {
  absoluteUrl,
  type HeadImage,
  type PageHead,
  renderNotFound,
  renderPage,
  sitemapXml,
  summaryText,
} from "./head";

/**
 * The shareable pages' server side, used by the local server and by the API Lambda behind CloudFront's
 * page behaviors (infra/web.ts): guides, storefronts (/@handle) and group-buys answer the built app with
 * their own head (or a real 404 page), plus /robots.txt and /sitemap.xml.
 */

/** Reads the built index.html (a file locally, the deployed site's copy in the cloud). */
export type IndexHtml = () => Promise<string>;

/** An image as the API answers it (`ImageView`): only the largest variant is read here. */
interface ImageLike {
  alt?: string;
  variants?: { width: number; height: number; url: string }[];
}

/** The largest variant of an image field, if the record has one (every image field is optional). */
export function largestImage(record: object, field: string): HeadImage | undefined {
  const image = (record as Record<string, unknown>)[field] as ImageLike | null | undefined;
  const largest = image?.variants?.at(-1);
  if (!largest) return undefined;
  return { url: largest.url, width: largest.width, height: largest.height, alt: image?.alt };
}

/** The preload of an image field drawn at `sizes` as the page's first picture, if the record has one. */
export function preloadOf(record: object, field: string, sizes: string): PageHead["preload"] {
  const image = (record as Record<string, unknown>)[field] as ImageLike | null | undefined;
  if (!image?.variants?.length) return undefined;
  return { srcset: image.variants.map((variant) => `${variant.url} ${variant.width}w`).join(", "), sizes };
}

/** How many days of published guides the sitemap lists, and at most how many guide URLs. */
export const SITEMAP_MAX_GUIDES = 5_000;

const HANDLE = /^@[A-Za-z0-9_]{3,30}$/;
const PAGE_HEADERS = { "Cache-Control": "no-cache" };

export const ROBOTS_RULES = `# Guides, tags, group-buy pages and creators' storefronts (/@handle) are public; the rest is private or per visitor.
User-agent: *
Allow: /
Allow: /guides/
Allow: /tags/
Disallow: /api/
Disallow: /r/
Disallow: /studio
Disallow: /brand
Disallow: /account
Disallow: /saved
Disallow: /earnings
Disallow: /payouts
Disallow: /campaigns
Disallow: /receipts/
Disallow: /groupbuys$
Disallow: /login
Disallow: /signup
`;

function guideHead(guide: Guide.Detail): PageHead {
  const image =
    largestImage(guide, "cover") ??
    (guide.coverImageUrl ? { url: guide.coverImageUrl, alt: guide.title } : undefined);
  return {
    title: `${guide.title} · by ${guide.creator.displayName} · shopguide`,
    description:
      summaryText(guide.body) ||
      `A shopping guide by ${guide.creator.displayName} (@${guide.creator.handle}) on shopguide.`,
    path: `/guides/${guide.id}`,
    type: "article",
    image,
    preload: preloadOf(guide, "cover", HERO_SIZES),
  };
}

function storefrontHead(profile: Profile.Info): PageHead {
  return {
    title: `${profile.displayName} (@${profile.handle}) · shopguide`,
    description:
      summaryText(profile.bio) ||
      `Guides and picks from ${profile.displayName} (@${profile.handle}) on shopguide.`,
    path: `/@${profile.handle}`,
    type: "profile",
    image:
      largestImage(profile, "banner") ??
      largestImage(profile, "avatar") ??
      (profile.avatarUrl ? { url: profile.avatarUrl, alt: profile.displayName } : undefined),
    preload: preloadOf(profile, "banner", BANNER_SIZES),
  };
}

function groupBuyHead(groupbuy: GroupBuy.State, ref: string | undefined): PageHead {
  const price = display(groupbuy.currentPrice, "en");
  return {
    title: `${groupbuy.name} · group-buy from ${groupbuy.brandName} · shopguide`,
    description: `${groupbuy.product.title} from ${groupbuy.brandName}, now ${price} per unit with ${groupbuy.participants} joined. The price drops as more people join before the deadline.`,
    // The referring creator stays in the canonical URL: a share keeps crediting whoever shared it.
    path: `/groupbuys/${groupbuy.id}${ref ? `?ref=${encodeURIComponent(ref)}` : ""}`,
    type: "product",
    image: largestImage(groupbuy, "image"),
    preload: preloadOf(groupbuy, "image", HERO_SIZES),
  };
}

/** Reads the page's data; a not-found error of the domain becomes the not-found page. */
async function answer(
  c: Context,
  indexHtml: IndexHtml,
  what: string,
  read: () => Promise<PageHead>,
): Promise<Response> {
  const html = await indexHtml();
  const publicUrl = config().publicUrl;
  try {
    const head = await read();
    return c.html(renderPage(html, head, publicUrl), 200, PAGE_HEADERS);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return c.html(renderNotFound(html, c.req.path, publicUrl, what), 404, PAGE_HEADERS);
  }
}

/** Published guides of the last 30 days (the hot-guide index, bounded) and their creators' storefronts. */
export async function sitemapEntries(): Promise<{ url: string; lastModified?: string }[]> {
  const publicUrl = config().publicUrl;
  const guides = await Feed.recentlyPublished(SITEMAP_MAX_GUIDES);
  const kept = guides.slice(0, SITEMAP_MAX_GUIDES);
  const storefronts = new Map<string, string>();
  for (const guide of kept) {
    const newest = storefronts.get(guide.creator.handle);
    if (!newest || guide.updatedAt > newest) storefronts.set(guide.creator.handle, guide.updatedAt);
  }
  return [
    { url: absoluteUrl(publicUrl, "/") },
    ...[...storefronts].map(([handle, lastModified]) => ({
      url: absoluteUrl(publicUrl, `/@${handle}`),
      lastModified,
    })),
    ...kept.map((guide) => ({
      url: absoluteUrl(publicUrl, `/guides/${guide.id}`),
      lastModified: guide.updatedAt,
    })),
  ];
}

export function webPages(indexHtml: IndexHtml) {
  return new Hono()
    .get("/robots.txt", (c) =>
      c.text(`${ROBOTS_RULES}\nSitemap: ${absoluteUrl(config().publicUrl, "/sitemap.xml")}\n`, 200, {
        "Cache-Control": "public, max-age=3600",
      }),
    )
    .get("/sitemap.xml", async (c) =>
      c.body(sitemapXml(await sitemapEntries()), 200, {
        "Content-Type": "application/xml; charset=utf-8",
        "Cache-Control": "public, max-age=3600",
      }),
    )
    .get("/guides/:id", (c) =>
      answer(c, indexHtml, "guide", async () =>
        guideHead(await Guide.get(Actor.anonymous, c.req.param("id"))),
      ),
    )
    .get("/groupbuys/:id", (c) =>
      answer(c, indexHtml, "group-buy", async () =>
        groupBuyHead(await GroupBuy.get(c.req.param("id")), refParam(c.req.query("ref"))),
      ),
    )
    .get("/:handle", async (c, next) => {
      const handle = c.req.param("handle");
      if (!handle.startsWith("@")) return next();
      return answer(c, indexHtml, "storefront", async () => {
        if (!HANDLE.test(handle)) throw new NotFoundError("Storefront");
        return storefrontHead(await Profile.getByHandle(handle.slice(1)));
      });
    });
}

/** A creator handle as a group-buy share carries it; anything else is dropped from the canonical URL. */
function refParam(ref: string | undefined): string | undefined {
  return ref && /^[A-Za-z0-9_]{3,30}$/.test(ref) ? ref : undefined;
}
