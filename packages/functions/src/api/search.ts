import { createRoute } from "@hono/zod-openapi";
import { Search } from "@shopguide/core/search";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer } from "./params";
import { createRouter } from "./router";

const ResultPage = Search.ResultPage.meta({ id: "SearchPage" });
const SuggestionList = Search.SuggestionList.meta({ id: "SearchSuggestions" });

/** Public: anyone may search what is published; the index holds nothing else. */
export const searchRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/search",
      tags: ["search"],
      summary:
        "Search published guides, creators and catalogue products (AND of words, the last as a prefix)",
      middleware: [rateLimit("search")] as const,
      request: { query: Search.Query },
      responses: {
        200: jsonAnswer("A page of results, best first", ResultPage),
        ...errorResponses(400, 422, 429),
      },
    }),
    async (c) => c.json(await Search.query(c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/search/suggest",
      tags: ["search"],
      summary: `Up to ${Search.MAX_SUGGESTIONS} quick suggestions as you type`,
      middleware: [rateLimit("search")] as const,
      request: { query: Search.SuggestQuery },
      responses: {
        200: jsonAnswer("Suggestions, best first", SuggestionList),
        ...errorResponses(422, 429),
      },
    }),
    async (c) => c.json({ items: await Search.suggest(c.req.valid("query")) }, 200),
  );
