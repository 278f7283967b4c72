import { createRoute, z } from "@hono/zod-openapi";
import { ping } from "@shopguide/core/dynamo";
import { createRouter } from "./router";

const Health = z.object({ status: z.enum(["ok", "unavailable"]) }).openapi("Health");

export const healthRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/health",
    tags: ["platform"],
    summary: "Whether the API can reach its table",
    responses: {
      200: { description: "Healthy", content: { "application/json": { schema: Health } } },
      503: { description: "The table does not answer", content: { "application/json": { schema: Health } } },
    },
  }),
  async (c) => {
    const healthy = await ping();
    return healthy ? c.json({ status: "ok" as const }, 200) : c.json({ status: "unavailable" as const }, 503);
  },
);
