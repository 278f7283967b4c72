import { createRoute, z } from "@hono/zod-openapi";
import { Guide } from "@shopguide/core/guide";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, jsonBody } from "./params";
import { createRouter } from "./router";

const IdParam = z.object({ id: z.string().min(1).max(60) });
const TagParam = z.object({ tag: Guide.Tag });
const GuideSchema = Guide.Info.meta({ id: "Guide" });
const SummaryPage = z
  .object({ items: z.array(Guide.Summary.meta({ id: "GuideSummary" })), nextCursor: z.string().nullable() })
  .openapi("GuidePage");
const Marks = z
  .object({
    liked: z.boolean(),
    saved: z.boolean(),
    likeCount: z.number().int(),
    saveCount: z.number().int(),
  })
  .openapi("GuideMarks");

function markRoute(method: "put" | "delete", mark: "like" | "save") {
  return createRoute({
    method,
    path: `/guides/{id}/${mark}`,
    middleware: [rateLimit("mark")] as const,
    tags: ["guides"],
    summary: `${method === "put" ? (mark === "like" ? "Like" : "Save") : mark === "like" ? "Unlike" : "Unsave"} a guide (idempotent)`,
    request: { params: IdParam },
    responses: {
      200: jsonAnswer("The reader's marks and the counts", Marks),
      ...errorResponses(401, 404, 409, 429),
    },
  });
}

export const guideRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/guides",
      tags: ["guides"],
      summary: "Start a guide (a draft)",
      request: { body: jsonBody(Guide.CreateInput) },
      responses: { 201: jsonAnswer("The draft", GuideSchema), ...errorResponses(401, 403, 422) },
    }),
    async (c) => c.json(await Guide.create(c.get("actor"), c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/guides/{id}",
      tags: ["guides"],
      summary: "A guide with its body as sanitized HTML; drafts only for their author",
      request: { params: IdParam },
      responses: {
        200: jsonAnswer("The guide", Guide.Detail.meta({ id: "GuideDetail" })),
        ...errorResponses(404),
      },
    }),
    async (c) => c.json(await Guide.get(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/guides/{id}",
      tags: ["guides"],
      summary: "Edit a guide, draft or published",
      request: { params: IdParam, body: jsonBody(Guide.UpdateInput) },
      responses: { 200: jsonAnswer("The guide", GuideSchema), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) =>
      c.json(await Guide.update(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/guides/{id}",
      tags: ["guides"],
      summary: "Delete a guide; it leaves every feed",
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      await Guide.remove(c.get("actor"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/guides/{id}/publish",
      tags: ["guides"],
      summary: "Publish a guide; followers' feeds get it",
      request: { params: IdParam },
      responses: { 200: jsonAnswer("The published guide", GuideSchema), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await Guide.publish(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/guides/{id}/unpublish",
      tags: ["guides"],
      summary: "Take a guide back to draft; it leaves every feed",
      request: { params: IdParam },
      responses: { 200: jsonAnswer("The draft", GuideSchema), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await Guide.unpublish(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(markRoute("put", "like"), async (c) =>
    c.json(await Guide.like(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(markRoute("delete", "like"), async (c) =>
    c.json(await Guide.unlike(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(markRoute("put", "save"), async (c) =>
    c.json(await Guide.save(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(markRoute("delete", "save"), async (c) =>
    c.json(await Guide.unsave(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/saved",
      tags: ["guides"],
      summary: "Your saved guides, most recently saved first",
      request: { query: Guide.ListQuery },
      responses: { 200: jsonAnswer("A page of guides", SummaryPage), ...errorResponses(400, 401, 422) },
    }),
    async (c) => c.json(await Guide.listSaved(c.get("actor"), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/guides",
      tags: ["guides"],
      summary: "Your own guides, drafts included, newest first",
      request: { query: Guide.ListQuery },
      responses: { 200: jsonAnswer("A page of guides", SummaryPage), ...errorResponses(400, 401, 403, 422) },
    }),
    async (c) => c.json(await Guide.listMine(c.get("actor"), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tags/{tag}/guides",
      tags: ["guides"],
      summary: "Published guides with a tag, newest first",
      request: { params: TagParam, query: Guide.ListQuery },
      responses: { 200: jsonAnswer("A page of guides", SummaryPage), ...errorResponses(400, 422) },
    }),
    async (c) => c.json(await Guide.listByTag(c.req.valid("param").tag, c.req.valid("query")), 200),
  );
