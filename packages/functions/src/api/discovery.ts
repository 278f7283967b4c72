import { createRoute, z } from "@hono/zod-openapi";
import { Discovery } from "@shopguide/core/discovery";
import { Guide } from "@shopguide/core/guide";
import { errorResponses } from "./error";
import { jsonAnswer, jsonBody } from "./params";
import { createRouter } from "./router";

const CategorySchema = Discovery.Category.meta({ id: "Category" });
const CreatorCard = Discovery.CreatorCard.meta({ id: "CreatorCard" });
const CreatorPage = z
  .object({ items: z.array(CreatorCard), nextCursor: z.string().nullable() })
  .openapi("CreatorPage");
const InterestsSchema = Discovery.Interests.meta({ id: "Interests" });
const SlugParam = z.object({
  slug: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "slug", in: "path" } }),
});

export const discoveryRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/categories",
      tags: ["discovery"],
      summary: "The curated categories, each with its newest guide's cover",
      responses: { 200: jsonAnswer("Categories", z.object({ items: z.array(CategorySchema) })) },
    }),
    async (c) => c.json({ items: await Discovery.categories() }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/categories/{slug}",
      tags: ["discovery"],
      summary: "A category and its published guides (any of its tags), newest first",
      request: { params: SlugParam, query: Discovery.PageQuery },
      responses: {
        200: jsonAnswer(
          "The category and a page of its guides",
          z.object({
            category: CategorySchema.omit({ cover: true, coverImageUrl: true }),
            guides: z.object({
              items: z.array(Guide.Summary.meta({ id: "GuideSummary" })),
              nextCursor: z.string().nullable(),
            }),
          }),
        ),
        ...errorResponses(400, 404, 422),
      },
    }),
    async (c) => c.json(await Discovery.category(c.req.valid("param").slug, c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/creators",
      tags: ["discovery"],
      summary: "The creator directory: by followers or by recent activity, optionally in one category",
      request: { query: Discovery.DirectoryQuery },
      responses: { 200: jsonAnswer("A page of creators", CreatorPage), ...errorResponses(400, 422) },
    }),
    async (c) => c.json(await Discovery.creators(c.get("actor"), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/interests",
      tags: ["discovery"],
      summary: "The categories the signed-in user picked",
      responses: { 200: jsonAnswer("Interests", InterestsSchema), ...errorResponses(401) },
    }),
    async (c) => c.json(await Discovery.interests(c.get("actor")), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/me/interests",
      tags: ["discovery"],
      summary: `Pick interests: up to ${Discovery.MAX_INTERESTS} category slugs (replaces the set)`,
      request: { body: jsonBody(Discovery.InterestsInput) },
      responses: { 200: jsonAnswer("Interests", InterestsSchema), ...errorResponses(401, 422) },
    }),
    async (c) => c.json(await Discovery.setInterests(c.get("actor"), c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/suggestions",
      tags: ["discovery"],
      summary: "Creators to follow: the most followed and active in my interests, then everyone's",
      request: { query: Discovery.PageQuery },
      responses: { 200: jsonAnswer("A page of creators", CreatorPage), ...errorResponses(400, 401, 422) },
    }),
    async (c) => c.json(await Discovery.suggestions(c.get("actor"), c.req.valid("query")), 200),
  );
