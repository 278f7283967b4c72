import { createRoute, z } from "@hono/zod-openapi";
import { Feed } from "@shopguide/core/feed";
import { Guide } from "@shopguide/core/guide";
import { errorResponses } from "./error";
import { createRouter } from "./router";

const FeedPage = z
  .object({ items: z.array(Guide.Summary.meta({ id: "GuideSummary" })), nextCursor: z.string().nullable() })
  .openapi("FeedPage");

export const feedRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/feed",
      tags: ["feed"],
      summary: "Following: guides from the creators you follow, newest first",
      request: { query: Guide.ListQuery },
      responses: {
        200: { description: "A page of the feed", content: { "application/json": { schema: FeedPage } } },
        ...errorResponses(400, 401, 422),
      },
    }),
    async (c) => c.json(await Feed.following(c.get("actor"), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/feed/trending",
      tags: ["feed"],
      summary: "Trending: recent guides ranked by engagement with time decay",
      request: { query: Guide.ListQuery },
      responses: {
        200: {
          description: "A page of trending guides",
          content: { "application/json": { schema: FeedPage } },
        },
        ...errorResponses(400, 422),
      },
    }),
    async (c) => c.json(await Feed.trending(c.req.valid("query")), 200),
  );
