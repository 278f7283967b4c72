/**
 * What each kind of entity is found by and shows: pure builders from the domain's own types to a search
 * document. The rules for what may be indexed at all (published, not hidden, not suspended) are here too,
 * so the writer never indexes what a reader must not see.
 */
import type { Brand } from "../brand";
import type { Guide } from "../guide";
import type { Profile } from "../profile";
import type { Doc } from "./schema";
import { Weight } from "./terms";

/** The body text indexed: its first characters, Markdown punctuation and link targets left out. */
export const BODY_EXCERPT = 1000;

function excerpt(markdown: string, length: number): string {
  return markdown
    .replace(/\]\([^)]*\)/g, "]")
    .replace(/[#*_>`~[\]|-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, length);
}

/** Moderation marks (issue 17 contract): present means hidden / suspended, whatever else the item says. */
export function isMarked(
  image: Record<string, unknown> | undefined,
  attribute: "hiddenAt" | "suspendedAt",
): boolean {
  return typeof image?.[attribute] === "string" && image[attribute] !== "";
}

/** A guide is searchable while published and not hidden. */
export function guideDoc(guide: Guide.Info, hidden: boolean): Doc | undefined {
  if (guide.status !== "published" || !guide.publishedAt || hidden) return undefined;
  return {
    type: "guide",
    id: guide.id,
    fields: [
      { text: guide.title, weight: Weight.title },
      ...guide.tags.map((tag) => ({ text: tag, weight: Weight.tag })),
      ...guide.items.map((item) => ({ text: item.title, weight: Weight.product })),
      { text: excerpt(guide.body, BODY_EXCERPT), weight: Weight.body },
    ],
    engagement: guide.likeCount + guide.saveCount,
    view: {
      type: "guide",
      id: guide.id,
      title: guide.title,
      snippet: [`by ${guide.creator.displayName}`, ...guide.tags.map((tag) => `#${tag}`)].join(" · "),
      url: `/guides/${guide.id}`,
      image: guide.cover,
    },
  };
}

/** A creator is searchable unless suspended; followers and brands are not listed. */
export function creatorDoc(profile: Profile.Info, suspended: boolean): Doc | undefined {
  if (profile.role !== "creator" || suspended) return undefined;
  return {
    type: "creator",
    id: profile.userId,
    fields: [
      { text: profile.handle, weight: Weight.title },
      { text: profile.displayName, weight: Weight.title },
      { text: profile.bio.slice(0, BODY_EXCERPT), weight: Weight.body },
    ],
    engagement: profile.followerCount,
    view: {
      type: "creator",
      id: profile.userId,
      title: profile.displayName,
      snippet: [`@${profile.handle}`, excerpt(profile.bio, 140)].filter(Boolean).join(" · "),
      url: `/@${profile.handle}`,
      image: profile.avatar,
    },
  };
}

/** Every catalogue product is searchable, by its name, SKU and brand. */
export function productDoc(product: Brand.Product, brand: Pick<Brand.Info, "name">): Doc {
  return {
    type: "product",
    id: product.id,
    fields: [
      { text: product.name, weight: Weight.title },
      { text: brand.name, weight: Weight.tag },
      { text: product.sku, weight: Weight.product },
    ],
    engagement: 0,
    view: {
      type: "product",
      id: product.id,
      title: product.name,
      snippet: brand.name,
      url: product.url ?? null,
      image: product.image,
    },
  };
}
