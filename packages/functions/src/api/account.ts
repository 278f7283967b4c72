import { createRoute, z } from "@hono/zod-openapi";
import { Account } from "@shopguide/core/account";
import { User } from "@shopguide/core/user";
import { Clock } from "@shopguide/core/util/clock";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, jsonBody } from "./params";
import { createRouter } from "./router";
import { clearSessionCookie } from "./session-cookie";

const UserInfo = User.Info.meta({ id: "User" });

/** One section of the export: at most 1000 items, `complete: false` when there were more. */
const Section = z.object({ items: z.array(z.unknown()), complete: z.boolean() });

/** The signed-in person changing, exporting or deleting their own account (issue 16, docs/privacy.md). */
export const accountRoutes = createRouter()
  .openapi(
    createRoute({
      method: "patch",
      path: "/me",
      middleware: [rateLimit("identity-change")] as const,
      tags: ["account"],
      summary: "Change my display name and/or handle; an old handle redirects to the new one for 30 days",
      request: { body: jsonBody(Account.UpdateMeInput) },
      responses: { 200: jsonAnswer("The account", UserInfo), ...errorResponses(401, 409, 422, 429) },
    }),
    async (c) => c.json(await Account.updateMe(c.get("actor"), c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/password",
      middleware: [rateLimit("account-password")] as const,
      tags: ["account"],
      summary: "Change my password (the current one required); every other session is signed out",
      request: { body: jsonBody(Account.ChangePasswordInput) },
      responses: {
        200: jsonAnswer(
          "Changed; how many other sessions were signed out",
          z.object({ revoked: z.number().int() }),
        ),
        ...errorResponses(401, 422, 429),
      },
    }),
    async (c) =>
      c.json(await Account.changePassword(c.get("actor"), c.get("sessionToken"), c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/email",
      middleware: [rateLimit("account-password")] as const,
      tags: ["account"],
      summary: "Start an email change: a single-use, 24-hour link goes to the new address",
      request: { body: jsonBody(Account.ChangeEmailInput) },
      responses: {
        202: jsonAnswer(
          "Link sent; nothing changes until it is opened",
          z.object({ pendingEmail: z.string() }),
        ),
        ...errorResponses(401, 409, 422, 429),
      },
    }),
    async (c) => c.json(await Account.requestEmailChange(c.get("actor"), c.req.valid("json")), 202),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/email/confirm",
      tags: ["account"],
      summary:
        "Apply an email change with the token mailed to the new address (works once); the old one gets a notice",
      request: { body: jsonBody(Account.ConfirmEmailInput) },
      responses: {
        200: jsonAnswer("Changed and confirmed", z.object({ user: UserInfo })),
        ...errorResponses(400, 409, 422),
      },
    }),
    async (c) => c.json({ user: await Account.confirmEmailChange(c.req.valid("json")) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/upgrade",
      tags: ["account"],
      summary: "Become a creator (followers only; idempotent): the profile becomes a storefront",
      request: { body: jsonBody(Account.UpgradeInput) },
      responses: { 200: jsonAnswer("The account", UserInfo), ...errorResponses(401, 403, 422) },
    }),
    async (c) => c.json(await Account.upgrade(c.get("actor"), c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/export",
      middleware: [rateLimit("account-export")] as const,
      tags: ["account"],
      summary: "Download my data as a JSON attachment (each section bounded at 1000 items)",
      responses: {
        200: jsonAnswer(
          "My data",
          z.looseObject({
            exportedAt: z.string(),
            account: UserInfo,
            guides: Section,
            links: Section,
            following: Section,
            saved: Section,
            liked: Section,
            groupbuys: Section,
            commissions: Section,
            statements: Section,
            notifications: Section,
          }),
        ),
        ...errorResponses(401, 429),
      },
    }),
    async (c) => {
      const data = await Account.exportData(c.get("actor"));
      const day = Clock.now().toISOString().slice(0, 10);
      c.header("Content-Disposition", `attachment; filename="shopguide-${data.account.handle}-${day}.json"`);
      c.header("Cache-Control", "no-store");
      return c.json(data, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/delete",
      middleware: [rateLimit("account-password")] as const,
      tags: ["account"],
      summary: "Delete my account for good (password and the word DELETE); money records stay, pseudonymized",
      request: { body: jsonBody(Account.DeleteAccountInput) },
      responses: { 204: { description: "Deleted and signed out" }, ...errorResponses(401, 409, 422, 429) },
    }),
    async (c) => {
      await Account.deleteAccount(c.get("actor"), c.req.valid("json"));
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  );
