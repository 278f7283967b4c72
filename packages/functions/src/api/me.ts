import { createRoute, z } from "@hono/zod-openapi";
import { Brand } from "@shopguide/core/brand";
import { Image } from "@shopguide/core/image";
import { Notification } from "@shopguide/core/notification";
import { Profile } from "@shopguide/core/profile";
import { Session } from "@shopguide/core/session";
import { User } from "@shopguide/core/user";
import { Actor } from "@shopguide/core/util/actor";
import { InvitationInfo } from "./brand";
import { errorResponses } from "./error";
import { jsonAnswer, jsonBody, pathParams } from "./params";
import { createRouter } from "./router";

const NotificationInfo = Notification.Info.meta({ id: "Notification" });

export const meRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/session",
      tags: ["account"],
      summary: "Who is calling: the signed-in account and its avatar, or null when signed out (never a 401)",
      description:
        "What every page asks first, so an anonymous visit does not log a failed request and the header can show the avatar; /me stays 401 when signed out.",
      responses: {
        200: jsonAnswer(
          "The account and its avatar, or nulls",
          z.object({
            user: User.Info.meta({ id: "User" }).nullable(),
            avatar: Image.ImageView.nullable(),
          }),
        ),
      },
    }),
    async (c) => {
      const actor = c.get("actor");
      if (actor.kind !== "user") return c.json({ user: null, avatar: null }, 200);
      const [user, stored] = await Promise.all([User.get(actor.userId), Profile.storedMany([actor.userId])]);
      return c.json({ user, avatar: stored.get(actor.userId)?.avatar ?? null }, 200);
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
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/notifications",
      tags: ["account"],
      summary: "My notifications, newest first, 50 a page, with the unread count",
      request: { query: z.object({ cursor: z.string().max(2000).optional() }) },
      responses: {
        200: jsonAnswer(
          "Notifications",
          z.object({
            items: z.array(NotificationInfo),
            unread: z.number().int(),
            nextCursor: z.string().optional(),
          }),
        ),
        ...errorResponses(400, 401),
      },
    }),
    async (c) => c.json(await Notification.list(c.get("actor"), c.req.valid("query").cursor), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/notifications/read",
      tags: ["account"],
      summary: "Mark the named notifications read, or all of them when no ids are given",
      request: { body: jsonBody(Notification.ReadInput) },
      responses: {
        200: jsonAnswer("The unread count after", z.object({ unread: z.number().int() })),
        ...errorResponses(401, 422),
      },
    }),
    async (c) => c.json(await Notification.markRead(c.get("actor"), c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/sessions",
      tags: ["account"],
      summary: "My signed-in sessions, oldest first; `current` marks the one asking",
      responses: {
        200: jsonAnswer(
          "Sessions",
          z.object({
            items: z.array(
              z.object({
                id: z.string(),
                createdAt: z.string(),
                expiresAt: z.string(),
                current: z.boolean(),
              }),
            ),
          }),
        ),
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const { userId } = Actor.requireUser(c.get("actor"));
      return c.json({ items: await Session.listFor(userId, c.get("sessionToken")) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/sessions/revoke-others",
      tags: ["account"],
      summary: "Sign out everywhere else: every session but the one asking is revoked",
      responses: {
        200: jsonAnswer("Revoked", z.object({ revoked: z.number().int() })),
        ...errorResponses(401, 403),
      },
    }),
    async (c) => {
      const { userId } = Actor.requireUser(c.get("actor"));
      const revoked = await Session.revokeAll(userId, { except: c.get("sessionToken") });
      return c.json({ revoked }, 200);
    },
  );
