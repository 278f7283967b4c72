import { createRoute, z } from "@hono/zod-openapi";
import { BrandDomain } from "@shopguide/core/brand-domain";
import { Mail } from "@shopguide/core/mail";
import { User } from "@shopguide/core/user";
import { Actor } from "@shopguide/core/util/actor";
import { Clock } from "@shopguide/core/util/clock";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";
import { errorResponses } from "./error";
import { createRouter } from "./router";

const ClockState = z.object({ now: z.string() }).openapi("DevClock");

const CaughtMails = z
  .object({
    items: z.array(
      z.object({
        to: z.string(),
        subject: z.string(),
        text: z.string(),
        html: z.string(),
        at: z.string(),
        headers: z.record(z.string(), z.string()),
      }),
    ),
  })
  .openapi("DevMail");

/** Checks the caller before the body is read, so an anonymous caller learns nothing but 401. */
const adminOnly: MiddlewareHandler<AppEnv> = async function adminOnly(c, next) {
  Actor.requireRole(c.get("actor"), "admin");
  await next();
};

/**
 * Mounted only when SHOPGUIDE_DEV_CLOCK=1 (the local runner and tests); never in a deployed stack. Even so,
 * only a platform admin may read or move the clock: moving it releases holds and closes statements for
 * everyone on the install.
 */
export const devRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/clock",
      tags: ["dev"],
      middleware: [adminOnly],
      summary: "The platform clock (local only; admins only)",
      responses: {
        200: { description: "Now", content: { "application/json": { schema: ClockState } } },
        ...errorResponses(401, 403),
      },
    }),
    (c) => c.json({ now: Clock.now().toISOString() }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/clock",
      tags: ["dev"],
      middleware: [adminOnly],
      summary: "Move the platform clock forward (local only; admins only)",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                advanceSeconds: z
                  .number()
                  .int()
                  .positive()
                  .max(366 * 86_400),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: { description: "The new now", content: { "application/json": { schema: ClockState } } },
        ...errorResponses(401, 403, 422),
      },
    }),
    (c) => c.json({ now: Clock.advance(c.req.valid("json").advanceSeconds).toISOString() }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/mail",
      tags: ["dev"],
      middleware: [adminOnly],
      summary: "Mail the local SMTP catcher received for an address, newest first (local only; admins only)",
      request: { query: z.object({ to: User.Email }) },
      responses: {
        200: { description: "Caught mail", content: { "application/json": { schema: CaughtMails } } },
        ...errorResponses(401, 403, 422),
      },
    }),
    async (c) => c.json({ items: await Mail.caught(c.req.valid("query").to) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/domains/verify",
      tags: ["dev"],
      summary:
        "Mark a brand's domain verified without a check (local only; the brand's owners and admins); the takeover rule still applies",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({ brandId: z.string().min(1).max(64), domain: z.string().min(1).max(253) }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: {
          description: "The domain, verified",
          content: {
            "application/json": { schema: z.object(BrandDomain.View.shape).openapi("BrandDomain") },
          },
        },
        ...errorResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const { brandId, domain } = c.req.valid("json");
      return c.json(await BrandDomain.devVerify(c.get("actor"), brandId, domain), 200);
    },
  );
