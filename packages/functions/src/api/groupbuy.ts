import { createRoute, z } from "@hono/zod-openapi";
import { GroupBuy } from "@shopguide/core/groupbuy";
import { jsonItemsStream } from "@shopguide/core/util/json-stream";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, jsonBody, pathParams, streamedJson } from "./params";
import { createRouter } from "./router";

export const GroupBuyState = z.object(GroupBuy.State.shape).openapi("GroupBuy");
const ParticipationInfo = z.object(GroupBuy.Participation.shape).openapi("GroupBuyParticipation");
const MyGroupBuyInfo = z.object(GroupBuy.MyGroupBuy.shape).openapi("MyGroupBuy");
const ParticipantRowInfo = z.object(GroupBuy.ParticipantRow.shape).openapi("GroupBuyParticipantRow");
const IdParam = pathParams("id");

/** Group-buys are created through `POST /campaigns` with `type: "groupbuy"` (see campaign.ts). */
export const groupbuyRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/groupbuys/{id}",
      tags: ["groupbuys"],
      summary: "A group-buy and its progress: seats, current and next tier, time left, status",
      request: { params: IdParam },
      responses: { 200: jsonAnswer("The group-buy", GroupBuyState), ...errorResponses(404) },
    }),
    async (c) => c.json(await GroupBuy.get(c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/groupbuys/{id}/join",
      middleware: [rateLimit("groupbuy-join")] as const,
      tags: ["groupbuys"],
      summary: "Join a group-buy, optionally through a creator's link code or handle",
      request: { params: IdParam, body: jsonBody(GroupBuy.JoinInput) },
      responses: {
        201: jsonAnswer("Joined", ParticipationInfo),
        ...errorResponses(401, 404, 409, 422, 429),
      },
    }),
    async (c) =>
      c.json(await GroupBuy.join(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/groupbuys/{id}/join",
      tags: ["groupbuys"],
      summary: "My seat in a group-buy: quantity, referrer and, after success, my code",
      request: { params: IdParam },
      responses: { 200: jsonAnswer("My seat", ParticipationInfo), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await GroupBuy.myParticipation(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/groupbuys/{id}/join",
      middleware: [rateLimit("groupbuy-join")] as const,
      tags: ["groupbuys"],
      summary: "Leave a group-buy before its deadline, giving the seat back",
      request: { params: IdParam },
      responses: { 204: { description: "Left" }, ...errorResponses(401, 404, 409, 429) },
    }),
    async (c) => {
      await GroupBuy.leave(c.get("actor"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/groupbuys",
      tags: ["groupbuys"],
      summary: "My group-buys, with status and, after success, my code",
      request: { query: z.object({ cursor: z.string().max(2000).optional() }) },
      responses: {
        200: jsonAnswer(
          "Group-buys",
          z.object({ items: z.array(MyGroupBuyInfo), nextCursor: z.string().optional() }),
        ),
        ...errorResponses(400, 401),
      },
    }),
    async (c) => c.json(await GroupBuy.listMine(c.get("actor"), c.req.valid("query").cursor), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/groupbuys",
      tags: ["groupbuys"],
      summary: "A brand's group-buys with their progress, newest first (brand members)",
      request: {
        params: pathParams("brandId"),
        query: z.object({ cursor: z.string().max(2000).optional() }),
      },
      responses: {
        200: jsonAnswer(
          "Group-buys",
          z.object({ items: z.array(GroupBuyState), nextCursor: z.string().optional() }),
        ),
        ...errorResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) =>
      c.json(
        await GroupBuy.listByBrand(c.get("actor"), c.req.valid("param").brandId, c.req.valid("query").cursor),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/brands/{brandId}/groupbuys/{id}",
      tags: ["groupbuys"],
      summary:
        "Remove an open group-buy (brand admins): deleted when nobody joined, else cancelled (fails now, everyone released)",
      request: { params: pathParams("brandId", "id") },
      responses: {
        200: jsonAnswer("Removed", z.object({ outcome: z.enum(["deleted", "cancelled"]) })),
        ...errorResponses(401, 403, 404, 409),
      },
    }),
    async (c) => {
      const { brandId, id } = c.req.valid("param");
      return c.json(await GroupBuy.remove(c.get("actor"), brandId, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/groupbuys/{id}/participants.json",
      tags: ["groupbuys"],
      summary: "A group-buy's participants and codes as a JSON download (brand members)",
      request: { params: pathParams("brandId", "id") },
      responses: {
        200: jsonAnswer("Participants", z.object({ items: z.array(ParticipantRowInfo) })),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const { brandId, id } = c.req.valid("param");
      const pages = await GroupBuy.participantPages(c.get("actor"), brandId, id);
      return streamedJson<{ items: GroupBuy.ParticipantRow[] }>(
        jsonItemsStream(pages),
        `${id}-participants.json`,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/groupbuys/{id}/participants.csv",
      tags: ["groupbuys"],
      summary: "A group-buy's participants and codes as CSV (brand members)",
      request: { params: pathParams("brandId", "id") },
      responses: {
        200: { description: "Participants", content: { "text/csv": { schema: z.string() } } },
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const { brandId, id } = c.req.valid("param");
      const csv = await GroupBuy.participantsCsv(c.get("actor"), brandId, id);
      return c.body(csv, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${id}-participants.csv"`,
      });
    },
  );
