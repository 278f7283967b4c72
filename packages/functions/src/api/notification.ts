import { createRoute, z } from "@hono/zod-openapi";
import { Notification } from "@shopguide/core/notification";
import { errorResponses } from "./error";
import { jsonAnswer, jsonBody } from "./params";
import { createRouter } from "./router";

const Preferences = Notification.Preferences.meta({ id: "NotificationPreferences" });

/** Notification preferences (signed in) and the mails' one-click unsubscribe (no sign-in, a MAC'd token). */
export const notificationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/me/notification-preferences",
      tags: ["account"],
      summary: "Where each kind of notification goes: in_app, email, off (feed items also digest)",
      responses: {
        200: jsonAnswer("Every kind's choice", Preferences),
        ...errorResponses(401),
      },
    }),
    async (c) => c.json(await Notification.getPreferences(c.get("actor")), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/me/notification-preferences",
      tags: ["account"],
      summary: "Change the named kinds' choices; the others stay as they are",
      description:
        "422 `validation_failed` names each field (the kind) whose channel is unknown; `digest` is for `guide_published` only.",
      request: { body: jsonBody(Notification.PreferencesInput) },
      responses: {
        200: jsonAnswer("Every kind's choice after", Preferences),
        ...errorResponses(401, 422),
      },
    }),
    async (c) => c.json(await Notification.putPreferences(c.get("actor"), c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/unsubscribe",
      tags: ["account"],
      summary: "One-click unsubscribe (RFC 8058): stops mail of the token's kind to its person",
      description:
        "The URL of every non-transactional mail's List-Unsubscribe header, posted by mail clients without cookies (body `List-Unsubscribe=One-Click`, ignored). The kind stays in the notification centre. Idempotent.",
      request: { query: Notification.UnsubscribeQuery },
      responses: {
        200: jsonAnswer(
          "Unsubscribed",
          z.object({ kind: Notification.Kind, channel: Notification.FeedChannel }),
        ),
        ...errorResponses(400, 422),
      },
    }),
    async (c) => c.json(await Notification.unsubscribe(c.req.valid("query").token), 200),
  );
