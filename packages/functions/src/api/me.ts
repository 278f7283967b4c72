import { createRoute } from "@hono/zod-openapi";
import { User } from "@shopguide/core/user";
import { Actor } from "@shopguide/core/util/actor";
import { errorResponses } from "./error";
import { createRouter } from "./router";

export const meRoutes = createRouter().openapi(
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
);
