/**
 * The curated categories: a small, typed list of tag sets. A category holds no items of its own: its page
 * reads the tag index (AP14) of each of its tags and merges them, so adding or changing a category here needs
 * no backfill. Slugs are stable (interests store them).
 */
export interface CategoryDefinition {
  slug: string;
  name: string;
  description: string;
  /** Normalized tags (guide/schema.ts `Tag`): a guide carrying any of them is in the category. */
  tags: readonly string[];
}

export const CATEGORIES = [
  {
    slug: "kitchen",
    name: "Kitchen & cooking",
    description: "Pans, knives, baking and the tools that earn their drawer space.",
    tags: ["kitchen", "cookware", "knives", "baking", "coffee"],
  },
  {
    slug: "outdoors",
    name: "Outdoors",
    description: "Hiking, backpacking and camp gear tested on the trail.",
    tags: ["hiking", "backpacking", "ultralight", "rain-gear", "camp-kitchen", "camping"],
  },
  {
    slug: "home-office",
    name: "Desk & home office",
    description: "Desks, chairs, light and the small things that make a workday better.",
    tags: ["desk-setup", "home-office", "productivity"],
  },
  {
    slug: "home",
    name: "Home & small spaces",
    description: "Lighting, storage and design for the rooms you live in.",
    tags: ["home", "small-spaces", "lighting", "design", "tools"],
  },
  {
    slug: "audio",
    name: "Audio & tech",
    description: "Headphones, speakers and gadgets worth their price.",
    tags: ["audio", "headphones", "tech", "gadgets"],
  },
  {
    slug: "gifts",
    name: "Gifts",
    description: "Picks that make good presents, at every budget.",
    tags: ["gifts", "gift-guide"],
  },
  {
    slug: "style",
    name: "Style & beauty",
    description: "Clothes, skincare and the everyday carry.",
    tags: ["fashion", "style", "beauty", "skincare"],
  },
  {
    slug: "fitness",
    name: "Fitness",
    description: "Running, training and recovery gear.",
    tags: ["fitness", "running", "yoga", "cycling"],
  },
] as const satisfies readonly CategoryDefinition[];

type Slug = (typeof CATEGORIES)[number]["slug"];

export const CATEGORY_SLUGS = CATEGORIES.map((category) => category.slug) as [Slug, ...Slug[]];

const bySlug = new Map<string, CategoryDefinition>(CATEGORIES.map((category) => [category.slug, category]));

export function categoryOf(slug: string): CategoryDefinition | undefined {
  return bySlug.get(slug);
}

/** The categories a set of tags falls into, in list order. */
export function categoriesOfTags(tags: readonly string[]): Slug[] {
  const given = new Set(tags);
  return CATEGORIES.filter((category) => category.tags.some((tag) => given.has(tag))).map(
    (category) => category.slug,
  );
}
