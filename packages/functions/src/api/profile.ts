import { createRoute, z } from "@hono/zod-openapi";
import { Feed } from "@shopguide/core/feed";
import { Guide } from "@shopguide/core/guide";
import { Profile } from "@shopguide/core/profile";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, jsonBody } from "./params";
import { createRouter } from "./router";

const HandleParam = z.object({ handle: z.string().min(1).max(60) });
const FollowState = z
  .object({ following: z.boolean(), followerCount: z.number().int() })
  .openapi("FollowState");
const ProfileSchema = Profile.Info.meta({ id: "Profile" });

export const profileRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/creators/{handle}",
      tags: ["creators"],
      summary: "A creator's storefront: profile, follow state and published guides",
      request: { params: HandleParam, query: Guide.ListQuery },
      responses: {
        200: jsonAnswer("The storefront", Feed.Storefront.meta({ id: "Storefront" })),
        ...errorResponses(400, 404, 422),
      },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      return c.json(await Feed.storefront(c.get("actor"), handle, c.req.valid("query")), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/me/profile",
      tags: ["creators"],
      summary: "Edit your bio, avatar and social links",
      request: { body: jsonBody(Profile.UpdateInput) },
      responses: { 200: jsonAnswer("The updated profile", ProfileSchema), ...errorResponses(401, 403, 422) },
    }),
    async (c) => c.json(await Profile.update(c.get("actor"), c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/creators/{handle}/follow",
      middleware: [rateLimit("follow"), rateLimit("follow-churn")] as const,
      tags: ["creators"],
      summary: "Follow a creator (idempotent)",
      request: { params: HandleParam },
      responses: { 200: jsonAnswer("Following", FollowState), ...errorResponses(401, 403, 404, 422, 429) },
    }),
    async (c) => c.json(await Profile.follow(c.get("actor"), c.req.valid("param").handle), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/creators/{handle}/follow",
      middleware: [rateLimit("follow"), rateLimit("follow-churn")] as const,
      tags: ["creators"],
      summary: "Unfollow a creator (idempotent)",
      request: { params: HandleParam },
      responses: {
        200: jsonAnswer("Not following", FollowState),
        ...errorResponses(401, 403, 404, 422, 429),
      },
    }),
    async (c) => c.json(await Profile.unfollow(c.get("actor"), c.req.valid("param").handle), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/creators/{handle}/verified",
      tags: ["creators"],
      summary: "Set or clear a creator's verified badge (admins only)",
      request: { params: HandleParam, body: jsonBody(Profile.VerifiedInput) },
      responses: { 200: jsonAnswer("The profile", ProfileSchema), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) =>
      c.json(
        await Profile.setVerified(c.get("actor"), c.req.valid("param").handle, c.req.valid("json")),
        200,
      ),
  );
