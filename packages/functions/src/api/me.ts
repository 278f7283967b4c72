import { createRoute, z } from "@hono/zod-openapi";
import { Brand } from "@shopguide/core/brand";
import { User } from "@shopguide/core/user";
import { Actor } from "@shopguide/core/util/actor";
import { InvitationInfo } from "./brand";
import { errorResponses } from "./error";
import { jsonAnswer, pathParams } from "./params";
import { createRouter } from "./router";

export const meRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/session",
      tags: ["account"],
      summary: "Who is calling: the signed-in account, or null when signed out (never a 401)",
      description:
        "What every page asks first, so an anonymous visit does not log a failed request; /me stays 401 when signed out.",
      responses: {
        200: jsonAnswer(
          "The account, or null",
          z.object({ user: User.Info.meta({ id: "User" }).nullable() }),
        ),
      },
    }),
    async (c) => {
      const actor = c.get("actor");
      return c.json({ user: actor.kind === "user" ? await User.get(actor.userId) : null }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me",
      tags: ["account"],
      summary: "The signed-in account",
      responses: {
        200: {
          description: "The account",
          content: { "application/json": { schema: User.Info.meta({ id: "User" }) } },
        },
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const { userId } = Actor.requireUser(c.get("actor"));
      return c.json(await User.get(userId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/invitations",
      tags: ["account"],
      summary: "Brand invitations to the signed-in account's email, newest first, 100 a page",
      request: { query: z.object({ cursor: z.string().max(2000).optional() }) },
      responses: {
        200: jsonAnswer(
          "Invitations",
          z.object({ items: z.array(InvitationInfo), nextCursor: z.string().optional() }),
        ),
        ...errorResponses(400, 401),
      },
    }),
    async (c) => c.json(await Brand.myInvitations(c.get("actor"), c.req.valid("query").cursor), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/invitations/{invitationId}/accept",
      tags: ["account"],
      summary: "Accept a pending invitation addressed to my email: I become a member",
      request: { params: pathParams("invitationId") },
      responses: {
        200: jsonAnswer("Now a member", z.object({ member: z.object(Brand.Member.shape) })),
        ...errorResponses(401, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        { member: await Brand.acceptInvitation(c.get("actor"), c.req.valid("param").invitationId) },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/invitations/{invitationId}/decline",
      tags: ["account"],
      summary: "Decline a pending invitation addressed to my email",
      request: { params: pathParams("invitationId") },
      responses: {
        200: jsonAnswer("Declined", z.object({ invitation: InvitationInfo })),
        ...errorResponses(401, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        { invitation: await Brand.declineInvitation(c.get("actor"), c.req.valid("param").invitationId) },
        200,
      ),
  );
