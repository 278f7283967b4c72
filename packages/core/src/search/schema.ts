/**
 * Search schemas and types: what the domain (index.ts), the term-index store (search.dynamo.ts) and the
 * routes share.
 */
import * as z from "zod";
import { ImageView } from "../image/schema";

export const Kind = z.enum(["guide", "creator", "product"]);
export type Kind = z.infer<typeof Kind>;
export const KINDS = Kind.options;

/** The longest query accepted (in characters, before folding). */
export const MAX_QUERY_LENGTH = 100;

const Q = z
  .string()
  .trim()
  .min(1, { error: "Type something to search for" })
  .max(MAX_QUERY_LENGTH, { error: `Use at most ${MAX_QUERY_LENGTH} characters` });

export const Query = z.object({
  q: Q,
  /** One kind of result; absent: all kinds, ranked together. */
  type: Kind.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type Query = z.input<typeof Query>;

export const SuggestQuery = z.object({ q: Q });
export type SuggestQuery = z.input<typeof SuggestQuery>;

/**
 * What a result shows, stored once per indexed entity (the search view) so a page reads one small item per
 * result: never the guide, profile or product itself.
 */
export const View = z.object({
  type: Kind,
  id: z.string(),
  /** The guide's title, the creator's display name, the product's name. */
  title: z.string(),
  /** A line of context: the creator and tags of a guide, the handle and bio of a creator, the brand of a product. */
  snippet: z.string(),
  /** Where the result leads: the guide page, the storefront, the product page (absent when it has none). */
  url: z.string().nullable(),
  image: ImageView.nullable(),
});
export type View = z.infer<typeof View>;

export const Result = View.extend({ score: z.number() });
export type Result = z.infer<typeof Result>;

export const ResultPage = z.object({ items: z.array(Result), nextCursor: z.string().nullable() });
export type ResultPage = z.infer<typeof ResultPage>;

export const Suggestion = z.object({
  type: Kind,
  id: z.string(),
  title: z.string(),
  url: z.string().nullable(),
});
export type Suggestion = z.infer<typeof Suggestion>;

export const SuggestionList = z.object({ items: z.array(Suggestion) });
export type SuggestionList = z.infer<typeof SuggestionList>;

/** What the index stores about one entity: the texts to find it by, its engagement, and its view. */
export interface Doc {
  type: Kind;
  id: string;
  fields: { text: string; weight: 1 | 2 | 3 | 4 }[];
  /** Likes and saves of a guide, followers of a creator; 0 for products. */
  engagement: number;
  view: View;
}

/** The entity a result or an index entry names. */
export interface Ref {
  type: Kind;
  id: string;
}
