import { createRoute, z } from "@hono/zod-openapi";
import { Audit } from "@shopguide/core/audit";
import { Brand } from "@shopguide/core/brand";
import { Guide } from "@shopguide/core/guide";
import { Profile } from "@shopguide/core/profile";
import { Report } from "@shopguide/core/report";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, jsonBody, pathParams } from "./params";
import { createRouter } from "./router";

const ReportSchema = Report.Info.meta({ id: "Report" });
const QueuePage = z
  .object({
    items: z.array(Report.QueueEntry.meta({ id: "ReportQueueEntry" })),
    nextCursor: z.string().optional(),
  })
  .openapi("ReportQueuePage");
const AuditPage = z
  .object({ items: z.array(Audit.Entry.meta({ id: "AuditEntry" })), nextCursor: z.string().optional() })
  .openapi("AuditPage");
const GuideSchema = Guide.Info.meta({ id: "Guide" });
const IdParam = pathParams("id");
/** A queue entry id: `<type>:<target id>` (a card's target id holds a colon of its own). */
const QueueIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
});
const Cursor = z.object({ cursor: z.string().max(2000).optional() });

/**
 * Moderation (issue 17): anyone signed in reports; admins work the queue, hide and restore guides, grant and
 * revoke verified badges, and read the audit log every one of those actions writes.
 */
export const moderationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/reports",
      middleware: [rateLimit("report")] as const,
      tags: ["moderation"],
      summary: "Report a guide, creator, product card or group-buy (one open report per person and item)",
      request: { body: jsonBody(Report.CreateInput) },
      responses: {
        201: jsonAnswer("The open report", ReportSchema),
        ...errorResponses(401, 404, 409, 422, 429),
      },
    }),
    async (c) => c.json(await Report.create(c.get("actor"), c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/reports",
      tags: ["admin"],
      summary: "Reported items with open reports, counted, the longest waiting first (admins)",
      request: { query: Cursor.extend({ status: z.enum(["open"]).default("open") }) },
      responses: { 200: jsonAnswer("A page of the queue", QueuePage), ...errorResponses(401, 403, 422) },
    }),
    async (c) => c.json(await Report.queue(c.get("actor"), c.req.valid("query").cursor), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/admin/reports/{id}/dismiss",
      tags: ["admin"],
      summary: "Dismiss every open report on one item (the queue entry id `<type>:<target id>`), audited",
      request: { params: QueueIdParam, body: jsonBody(Report.DismissInput) },
      responses: {
        200: jsonAnswer("Dismissed", z.object({ id: z.string() })),
        ...errorResponses(401, 403, 409, 422),
      },
    }),
    async (c) =>
      c.json(await Report.dismiss(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/guides/{id}",
      tags: ["admin"],
      summary: "Any guide, drafts and hidden ones included (admins)",
      request: { params: IdParam },
      responses: { 200: jsonAnswer("The guide", GuideSchema), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await Guide.getForAdmin(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/admin/guides/{id}/hide",
      tags: ["admin"],
      summary: "Hide a guide from every public surface and resolve its open reports, audited (admins)",
      request: { params: IdParam, body: jsonBody(Guide.ModerateInput) },
      responses: {
        200: jsonAnswer("The hidden guide", GuideSchema),
        ...errorResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) =>
      c.json(await Report.hideGuide(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/admin/guides/{id}/restore",
      tags: ["admin"],
      summary: "Restore a hidden guide, audited (admins)",
      request: { params: IdParam, body: jsonBody(Guide.ModerateInput) },
      responses: {
        200: jsonAnswer("The restored guide", GuideSchema),
        ...errorResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) =>
      c.json(await Guide.restore(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/admin/creators/{handle}/verified",
      tags: ["admin"],
      summary: "Grant or revoke a creator's verified badge, audited (admins)",
      request: { params: pathParams("handle"), body: jsonBody(Profile.VerifiedInput) },
      responses: {
        200: jsonAnswer("The profile", Profile.Info.meta({ id: "Profile" })),
        ...errorResponses(401, 403, 404, 422),
      },
    }),
    async (c) =>
      c.json(
        await Profile.setVerified(c.get("actor"), c.req.valid("param").handle, c.req.valid("json")),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/admin/brands/{brandId}/verified",
      tags: ["admin"],
      summary: "Grant or revoke a brand's verified badge, audited (admins)",
      request: { params: pathParams("brandId"), body: jsonBody(Brand.VerifiedInput) },
      responses: {
        200: jsonAnswer("The brand", z.object(Brand.Info.shape).openapi("Brand")),
        ...errorResponses(401, 403, 404, 422),
      },
    }),
    async (c) =>
      c.json(await Brand.setVerified(c.get("actor"), c.req.valid("param").brandId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/audit",
      tags: ["admin"],
      summary: "The audit log: every admin action (who, what, why, when), newest first (admins)",
      request: { query: Cursor },
      responses: { 200: jsonAnswer("A page of entries", AuditPage), ...errorResponses(401, 403, 422) },
    }),
    async (c) => c.json(await Audit.list(c.get("actor"), { cursor: c.req.valid("query").cursor }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/audit/export",
      tags: ["admin"],
      summary: "The whole audit log as CSV, newest first, streamed page by page (admins)",
      responses: {
        200: { description: "The audit log as CSV", content: { "text/csv": { schema: z.string() } } },
        ...errorResponses(401, 403),
      },
    }),
    (c) =>
      new Response(Audit.csv(c.get("actor")), {
        status: 200,
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": 'attachment; filename="audit-log.csv"',
        },
      }),
  );
