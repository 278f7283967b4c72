import { createRoute, z } from "@hono/zod-openapi";
import { Link } from "@shopguide/core/link";
import { Stats } from "@shopguide/core/stats";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonBody } from "./params";
import { createRouter } from "./router";

// Core schemas are wrapped rather than given `.openapi()` directly: a schema built before
// @hono/zod-openapi extends zod (core imported first, as tests and the stream handler do) lacks the method.
const LinkInfo = z.object(Link.Info.shape).openapi("Link");
const LinkWithTotals = z.object({ ...Link.Info.shape, clicks: Stats.Totals }).openapi("LinkWithClicks");
const StatsSummary = z.object(Stats.Summary.shape).openapi("Stats");
const CodeParam = z.object({
  code: z
    .string()
    .max(64)
    .openapi({ param: { name: "code", in: "path" } }),
});

export const linkRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/links",
      middleware: [rateLimit("link-create")] as const,
      tags: ["links"],
      summary: "Make a referral link (or get the one this URL and guide already have)",
      request: { body: jsonBody(Link.CreateInput) },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: LinkInfo } } },
        200: {
          description: "The link already existed for this URL and guide",
          content: { "application/json": { schema: LinkInfo } },
        },
        ...errorResponses(400, 401, 403, 422, 429),
      },
    }),
    async (c) => {
      const { link, created } = await Link.create(c.get("actor"), c.req.valid("json"));
      return created ? c.json(link, 201) : c.json(link, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/links",
      tags: ["links"],
      summary: "My referral links with their lifetime clicks, newest first, 50 a page",
      request: { query: z.object({ cursor: z.string().max(2000).optional() }) },
      responses: {
        200: {
          description: "The links",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(LinkWithTotals), nextCursor: z.string().nullable() }),
            },
          },
        },
        ...errorResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const page = await Link.listMine(c.get("actor"), c.req.valid("query").cursor);
      const totals = await Stats.totalsForLinks(page.items.map((link) => link.code));
      const empty = { humanClicks: 0, botClicks: 0, duplicateClicks: 0 };
      return c.json(
        {
          items: page.items.map((link) => ({ ...link, clicks: totals.get(link.code) ?? empty })),
          nextCursor: page.nextCursor ?? null,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/links/{code}",
      tags: ["links"],
      summary: "Disable or enable a link, or change its UTM parameters",
      request: { params: CodeParam, body: jsonBody(Link.UpdateInput) },
      responses: {
        200: { description: "The updated link", content: { "application/json": { schema: LinkInfo } } },
        ...errorResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) =>
      c.json(await Link.update(c.get("actor"), c.req.valid("param").code, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/links/{code}/stats",
      tags: ["links"],
      summary: "Human clicks over time for one of my links, with breakdowns; bots and duplicates apart",
      request: { params: CodeParam, query: Stats.RangeQuery },
      responses: {
        200: {
          description: "Stats",
          content: { "application/json": { schema: StatsSummary } },
        },
        ...errorResponses(401, 403, 404, 422),
      },
    }),
    async (c) =>
      c.json(await Stats.forLink(c.get("actor"), c.req.valid("param").code, c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/stats",
      tags: ["links"],
      summary: "Human clicks over time across all my links (or one guide's), with breakdowns",
      request: {
        query: Stats.RangeQuery.extend({ guideId: z.string().max(64).optional() }),
      },
      responses: {
        200: {
          description: "Stats",
          content: { "application/json": { schema: StatsSummary } },
        },
        ...errorResponses(401, 403, 422),
      },
    }),
    async (c) => c.json(await Stats.forCreator(c.get("actor"), c.req.valid("query")), 200),
  );
