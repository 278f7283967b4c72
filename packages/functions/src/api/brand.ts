import { createRoute, z } from "@hono/zod-openapi";
import { Brand } from "@shopguide/core/brand";
import { SigningSecret } from "@shopguide/core/signing-secret";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, jsonBody, pathParams } from "./params";
import { createRouter } from "./router";

// Core schemas are wrapped so they carry OpenAPI names whichever zod instance built them.
const BrandInfo = z.object(Brand.Info.shape).openapi("Brand");
const MyBrand = z.object({ ...Brand.Info.shape, role: Brand.MemberRole }).openapi("MyBrand");
const MemberInfo = z.object(Brand.Member.shape).openapi("BrandMember");
export const InvitationInfo = z.object(Brand.Invitation.shape).openapi("BrandInvitation");
const ProductInfo = z.object(Brand.Product.shape).openapi("Product");
const SecretInfo = z.object(SigningSecret.Info.shape).openapi("SigningSecret");
const NewSecret = z.object({ ...SigningSecret.Info.shape, secret: z.string() }).openapi("NewSigningSecret");
const BrandParam = pathParams("brandId");

export const brandRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/brands",
      tags: ["brands"],
      summary: "Create a brand; the caller (a brand account) becomes its owner",
      request: { body: jsonBody(Brand.CreateInput) },
      responses: { 201: jsonAnswer("Created", BrandInfo), ...errorResponses(401, 403, 422) },
    }),
    async (c) => c.json(await Brand.create(c.get("actor"), c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands",
      tags: ["brands"],
      summary: "The brands I belong to, with my role",
      responses: { 200: jsonAnswer("Brands", z.object({ items: z.array(MyBrand) })), ...errorResponses(401) },
    }),
    async (c) => c.json({ items: await Brand.listMine(c.get("actor")) }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}",
      tags: ["brands"],
      summary: "A brand (members only)",
      request: { params: BrandParam },
      responses: { 200: jsonAnswer("The brand", BrandInfo), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await Brand.get(c.get("actor"), c.req.valid("param").brandId), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/brands/{brandId}",
      tags: ["brands"],
      summary: "Change a brand's settings (owner or admin)",
      request: { params: BrandParam, body: jsonBody(Brand.UpdateInput) },
      responses: { 200: jsonAnswer("The brand", BrandInfo), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) =>
      c.json(await Brand.update(c.get("actor"), c.req.valid("param").brandId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/members",
      tags: ["brands"],
      summary: "A brand's members",
      request: { params: BrandParam },
      responses: {
        200: jsonAnswer("Members", z.object({ items: z.array(MemberInfo) })),
        ...errorResponses(401, 404),
      },
    }),
    async (c) =>
      c.json({ items: await Brand.listMembers(c.get("actor"), c.req.valid("param").brandId) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/brands/{brandId}/members",
      middleware: [rateLimit("member-add")] as const,
      tags: ["brands"],
      summary: "Invite someone by email (owner or admin; owners only invite owners)",
      description:
        "Nobody becomes a member until the invited person accepts (`POST /me/invitations/{id}/accept`). The answer is the same 202 whether or not an account has this email.",
      request: { params: BrandParam, body: jsonBody(Brand.InviteInput) },
      responses: {
        202: jsonAnswer("Invited", z.object({ invitation: InvitationInfo })),
        ...errorResponses(401, 403, 404, 422, 429),
      },
    }),
    async (c) =>
      c.json(
        {
          invitation: await Brand.invite(c.get("actor"), c.req.valid("param").brandId, c.req.valid("json")),
        },
        202,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/invitations",
      tags: ["brands"],
      summary: "A brand's invitations, newest first, 100 a page (owner or admin)",
      request: { params: BrandParam, query: z.object({ cursor: z.string().max(2000).optional() }) },
      responses: {
        200: jsonAnswer(
          "Invitations",
          z.object({ items: z.array(InvitationInfo), nextCursor: z.string().optional() }),
        ),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await Brand.listInvitations(
          c.get("actor"),
          c.req.valid("param").brandId,
          c.req.valid("query").cursor,
        ),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/brands/{brandId}/invitations/{invitationId}",
      tags: ["brands"],
      summary: "Revoke a pending invitation (owner or admin)",
      request: { params: pathParams("brandId", "invitationId") },
      responses: {
        200: jsonAnswer("Revoked", z.object({ invitation: InvitationInfo })),
        ...errorResponses(401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { brandId, invitationId } = c.req.valid("param");
      return c.json({ invitation: await Brand.revokeInvitation(c.get("actor"), brandId, invitationId) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/brands/{brandId}/products",
      tags: ["brands"],
      summary: "Add a product to the catalogue",
      request: { params: BrandParam, body: jsonBody(Brand.ProductInput) },
      responses: { 201: jsonAnswer("Created", ProductInfo), ...errorResponses(401, 403, 404, 409, 422) },
    }),
    async (c) =>
      c.json(
        await Brand.createProduct(c.get("actor"), c.req.valid("param").brandId, c.req.valid("json")),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/products",
      tags: ["brands"],
      summary: "The catalogue, 100 per page",
      request: { params: BrandParam, query: z.object({ cursor: z.string().max(2000).optional() }) },
      responses: {
        200: jsonAnswer(
          "Products",
          z.object({ items: z.array(ProductInfo), nextCursor: z.string().optional() }),
        ),
        ...errorResponses(400, 401, 404, 422),
      },
    }),
    async (c) =>
      c.json(
        await Brand.listProducts(c.get("actor"), c.req.valid("param").brandId, c.req.valid("query").cursor),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/brands/{brandId}/products/{productId}",
      tags: ["brands"],
      summary: "Change a product",
      request: { params: pathParams("brandId", "productId"), body: jsonBody(Brand.ProductUpdate) },
      responses: { 200: jsonAnswer("The product", ProductInfo), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) => {
      const { brandId, productId } = c.req.valid("param");
      return c.json(await Brand.updateProduct(c.get("actor"), brandId, productId, c.req.valid("json")), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/brands/{brandId}/products/import",
      tags: ["brands"],
      summary:
        "Import products from CSV (header sku,name,price[,currency,url,returnWindowDays]); upserts by SKU",
      request: { params: BrandParam, body: jsonBody(z.object({ csv: z.string().min(1).max(200_000) })) },
      responses: {
        200: jsonAnswer("Imported", z.object({ created: z.number(), updated: z.number() })),
        ...errorResponses(401, 403, 404, 422),
      },
    }),
    async (c) =>
      c.json(
        await Brand.importProducts(c.get("actor"), c.req.valid("param").brandId, c.req.valid("json").csv),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/brands/{brandId}/secrets",
      tags: ["integrations"],
      summary: "Create a signing secret; its value is answered this once (at most two active per kind)",
      request: { params: BrandParam, body: jsonBody(SigningSecret.CreateInput) },
      responses: { 201: jsonAnswer("Created", NewSecret), ...errorResponses(401, 403, 404, 409, 422) },
    }),
    async (c) =>
      c.json(
        await SigningSecret.create(c.get("actor"), c.req.valid("param").brandId, c.req.valid("json")),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/secrets",
      tags: ["integrations"],
      summary: "The brand's signing secrets (never their values)",
      request: { params: BrandParam },
      responses: {
        200: jsonAnswer("Secrets", z.object({ items: z.array(SecretInfo) })),
        ...errorResponses(401, 404),
      },
    }),
    async (c) =>
      c.json({ items: await SigningSecret.list(c.get("actor"), c.req.valid("param").brandId) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/brands/{brandId}/secrets/{secretId}/revoke",
      tags: ["integrations"],
      summary: "Revoke a signing secret; signatures made with it stop verifying at once",
      request: { params: pathParams("brandId", "secretId") },
      responses: { 200: jsonAnswer("Revoked", SecretInfo), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { brandId, secretId } = c.req.valid("param");
      return c.json(await SigningSecret.revoke(c.get("actor"), brandId, secretId), 200);
    },
  );
