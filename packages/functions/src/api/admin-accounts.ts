import { createRoute, z } from "@hono/zod-openapi";
import { DomainBlock } from "@shopguide/core/domain-block";
import { Suspension } from "@shopguide/core/suspension";
import { errorResponses } from "./error";
import { jsonAnswer, jsonBody, pathParams } from "./params";
import { createRouter } from "./router";

const AccountSchema = z.object(Suspension.Account.shape).openapi("AdminAccount");
const BlockSchema = z.object(DomainBlock.Block.shape).openapi("BlockedDomain");
const UserIdParam = pathParams("userId");
const DomainParam = z.object({
  domain: z
    .string()
    .min(1)
    .max(253)
    .openapi({ param: { name: "domain", in: "path" } }),
});

/** Platform admins only: suspend and restore accounts (issue 17.3), block destination domains (17.5). */
export const accountAdminRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/accounts",
      tags: ["admin"],
      summary: "Look up one account by handle (suspended or not)",
      request: { query: z.object({ handle: z.string().trim().min(1).max(64) }) },
      responses: { 200: jsonAnswer("The account", AccountSchema), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) => c.json(await Suspension.lookup(c.get("actor"), c.req.valid("query").handle), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/admin/accounts/{userId}/suspend",
      tags: ["admin"],
      summary:
        "Suspend an account: sessions revoked, sign-in refused, storefront 404; a job hides its guides, switches its links to a 410 page and holds its pending commissions",
      request: { params: UserIdParam, body: jsonBody(Suspension.ReasonInput) },
      responses: {
        200: jsonAnswer("Suspended", AccountSchema),
        ...errorResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) =>
      c.json(await Suspension.suspend(c.get("actor"), c.req.valid("param").userId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/admin/accounts/{userId}/restore",
      tags: ["admin"],
      summary:
        "Lift a suspension: sign-in and storefront back; a job unhides the guides the suspension hid and switches the links back on (held commissions stay held for the brands' review)",
      request: { params: UserIdParam, body: jsonBody(Suspension.ReasonInput) },
      responses: {
        200: jsonAnswer("Restored", AccountSchema),
        ...errorResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) =>
      c.json(await Suspension.restore(c.get("actor"), c.req.valid("param").userId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/domains/blocked",
      tags: ["admin"],
      summary: "Blocked destination domains, by name, 50 a page",
      request: { query: z.object({ cursor: z.string().max(2000).optional() }) },
      responses: {
        200: jsonAnswer(
          "Blocked domains",
          z.object({ items: z.array(BlockSchema), nextCursor: z.string().optional() }),
        ),
        ...errorResponses(400, 401, 403, 422),
      },
    }),
    async (c) => c.json(await DomainBlock.list(c.get("actor"), c.req.valid("query").cursor), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/admin/domains/blocked",
      tags: ["admin"],
      summary:
        "Block a domain platform-wide: links to it or a subdomain answer a 410 page saying why, new links to it are refused",
      request: { body: jsonBody(DomainBlock.BlockInput) },
      responses: {
        201: jsonAnswer("Blocked", BlockSchema),
        ...errorResponses(401, 403, 409, 422),
      },
    }),
    async (c) => c.json(await DomainBlock.block(c.get("actor"), c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/admin/domains/blocked/{domain}",
      tags: ["admin"],
      summary: "Unblock a domain (links to it redirect again within a minute)",
      request: {
        params: DomainParam,
        query: z.object({ reason: z.string().trim().min(1).max(500).default("Unblocked by an admin") }),
      },
      responses: { 204: { description: "Unblocked" }, ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) => {
      await DomainBlock.unblock(c.get("actor"), c.req.valid("param").domain, c.req.valid("query").reason);
      return c.body(null, 204);
    },
  );
