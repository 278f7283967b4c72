import { createRoute, z } from "@hono/zod-openapi";
import { Campaign } from "@shopguide/core/campaign";
import { GroupBuy } from "@shopguide/core/groupbuy";
import { errorResponses } from "./error";
import { GroupBuyState } from "./groupbuy";
import { jsonAnswer, jsonBody, pathParams } from "./params";
import { createRouter } from "./router";

const CampaignInfo = z.object(Campaign.Info.shape).openapi("Campaign");
const EnrollmentInfo = z.object(Campaign.Enrollment.shape).openapi("Enrollment");
const IdParam = pathParams("id");
/** One door for both kinds of campaign, told apart by `type`; a group-buy's id is the group-buy's. */
const CreateCampaignInput = z.discriminatedUnion("type", [Campaign.CreateInput, GroupBuy.CreateInput]);

export const campaignRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/campaigns",
      tags: ["campaigns"],
      summary: "Create a commission campaign or a group-buy (brand owner or admin)",
      request: { body: jsonBody(CreateCampaignInput) },
      responses: {
        201: jsonAnswer("Created", z.union([CampaignInfo, GroupBuyState])),
        ...errorResponses(401, 403, 404, 422),
      },
    }),
    async (c) => {
      const input = c.req.valid("json");
      if (input.type === "groupbuy") return c.json(await GroupBuy.create(c.get("actor"), input), 201);
      return c.json(await Campaign.create(c.get("actor"), input), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/campaigns",
      tags: ["campaigns"],
      summary: "Running campaigns creators can join, newest first (or one brand's, for its members)",
      request: {
        query: z.object({ brandId: z.string().max(64).optional(), cursor: z.string().max(2000).optional() }),
      },
      responses: {
        200: jsonAnswer(
          "Campaigns",
          z.object({ items: z.array(CampaignInfo), nextCursor: z.string().optional() }),
        ),
        ...errorResponses(400, 401, 404, 422),
      },
    }),
    async (c) => {
      const { brandId, cursor } = c.req.valid("query");
      if (brandId) return c.json(await Campaign.listByBrand(c.get("actor"), brandId, cursor), 200);
      return c.json(await Campaign.listDiscoverable(c.get("actor"), cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{id}",
      tags: ["campaigns"],
      summary: "A campaign",
      request: { params: IdParam },
      responses: { 200: jsonAnswer("The campaign", CampaignInfo), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await Campaign.get(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/campaigns/{id}",
      tags: ["campaigns"],
      summary: "Change a campaign (brand owner or admin)",
      request: { params: IdParam, body: jsonBody(Campaign.UpdateInput) },
      responses: { 200: jsonAnswer("The campaign", CampaignInfo), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) =>
      c.json(await Campaign.update(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/campaigns/{id}/enrollments",
      tags: ["campaigns"],
      summary: "Apply to a campaign as the calling creator, optionally claiming a coupon code",
      request: { params: IdParam, body: jsonBody(Campaign.ApplyInput) },
      responses: { 201: jsonAnswer("Applied", EnrollmentInfo), ...errorResponses(401, 403, 404, 409, 422) },
    }),
    async (c) =>
      c.json(await Campaign.apply(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{id}/enrollments",
      tags: ["campaigns"],
      summary: "A campaign's applications, 50 a page (brand members)",
      request: { params: IdParam, query: z.object({ cursor: z.string().max(2000).optional() }) },
      responses: {
        200: jsonAnswer(
          "Enrollments",
          z.object({ items: z.array(EnrollmentInfo), nextCursor: z.string().optional() }),
        ),
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) =>
      c.json(
        await Campaign.listEnrollments(c.get("actor"), c.req.valid("param").id, c.req.valid("query").cursor),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/campaigns/{id}/enrollments/{handle}/approve",
      tags: ["campaigns"],
      summary: "Approve a creator's application (brand owner or admin)",
      request: { params: pathParams("id", "handle") },
      responses: { 200: jsonAnswer("Approved", EnrollmentInfo), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id, handle } = c.req.valid("param");
      return c.json(await Campaign.approve(c.get("actor"), id, handle), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/campaigns/{id}/enrollments/{handle}/decline",
      tags: ["campaigns"],
      summary: "Decline a creator's application (brand owner or admin)",
      request: { params: pathParams("id", "handle") },
      responses: { 200: jsonAnswer("Declined", EnrollmentInfo), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id, handle } = c.req.valid("param");
      return c.json(await Campaign.decline(c.get("actor"), id, handle), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/enrollments",
      tags: ["campaigns"],
      summary: "My applications (creators)",
      responses: {
        200: jsonAnswer("Enrollments", z.object({ items: z.array(EnrollmentInfo) })),
        ...errorResponses(401, 403),
      },
    }),
    async (c) => c.json({ items: await Campaign.listMyEnrollments(c.get("actor")) }, 200),
  );
