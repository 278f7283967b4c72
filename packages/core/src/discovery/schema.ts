/**
 * Discovery schemas, types and errors (categories, the creator directory, interests and suggestions): what
 * the domain (index.ts) and its store (discovery.dynamo.ts) share.
 */
import * as z from "zod";
import { ImageView } from "../image/schema";
import { NotFoundError } from "../util/errors";
import { CATEGORY_SLUGS } from "./categories";

export const CategorySlug = z.enum(CATEGORY_SLUGS, { error: "No such category" });

/** A category as the API lists it; `cover` is its newest guide's cover, when it has one. */
export const Category = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  cover: ImageView.nullable(),
  coverImageUrl: z.string().nullable(),
});
export type Category = z.infer<typeof Category>;

/** At most this many interests: enough to shape suggestions, few enough that they still mean something. */
export const MAX_INTERESTS = 5;

export const InterestsInput = z.object({
  categories: z
    .array(CategorySlug)
    .max(MAX_INTERESTS, { error: `Pick at most ${MAX_INTERESTS} categories` })
    .transform((slugs) => [...new Set(slugs)]),
});
export type InterestsInput = z.input<typeof InterestsInput>;

export const Interests = z.object({ categories: z.array(z.string()) });
export type Interests = z.infer<typeof Interests>;

export const DirectorySort = z.enum(["followers", "active"]);
export type DirectorySort = z.infer<typeof DirectorySort>;

export const DirectoryQuery = z.object({
  sort: DirectorySort.default("followers"),
  category: CategorySlug.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(500).optional(),
});
export type DirectoryQuery = z.input<typeof DirectoryQuery>;

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(500).optional(),
});
export type PageQuery = z.input<typeof PageQuery>;

/** One creator in the directory or in suggestions. */
export const CreatorCard = z.object({
  id: z.string(),
  handle: z.string(),
  displayName: z.string(),
  bio: z.string(),
  avatar: ImageView.nullable(),
  avatarUrl: z.string().nullable(),
  verified: z.boolean(),
  followerCount: z.number().int(),
  lastPublishedAt: z.string(),
  categories: z.array(z.string()),
  /** Whether the caller follows them (false when signed out). */
  following: z.boolean(),
});
export type CreatorCard = z.infer<typeof CreatorCard>;

/** A directory entry as stored: one per creator and scope (`ALL` or a category slug). */
export const DirectoryEntry = z.object({
  creatorId: z.string(),
  handle: z.string(),
  displayName: z.string(),
  scope: z.string(),
  categories: z.array(z.string()),
  followerBucket: z.number().int(),
  lastPublishedAt: z.string(),
  /** False while the creator is suspended: the entry stays, out of the index (its index keys removed). */
  listed: z.boolean(),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntry>;

export class CategoryNotFoundError extends NotFoundError {
  constructor() {
    super("Category", "category_not_found");
  }
}
