import { createRoute, z } from "@hono/zod-openapi";
import { Clock } from "@shopguide/core/util/clock";
import { createRouter } from "./router";

const ClockState = z.object({ now: z.string() }).openapi("DevClock");

/** Mounted only when SHOPGUIDE_DEV_CLOCK=1 (the local runner and tests); never in a deployed stack. */
export const devRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/clock",
      tags: ["dev"],
      summary: "The platform clock (local only)",
      responses: { 200: { description: "Now", content: { "application/json": { schema: ClockState } } } },
    }),
    (c) => c.json({ now: Clock.now().toISOString() }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/clock",
      tags: ["dev"],
      summary: "Move the platform clock forward (local only)",
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
      },
    }),
    (c) => c.json({ now: Clock.advance(c.req.valid("json").advanceSeconds).toISOString() }, 200),
  );
