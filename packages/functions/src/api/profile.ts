import { createRoute, z } from "@hono/zod-openapi";
import { Feed } from "@shopguide/core/feed";
import { Guide } from "@shopguide/core/guide";
import { Profile } from "@shopguide/core/profile";
import { User } from "@shopguide/core/user";
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
      description:
        "A handle the creator left within the last 30 days answers 301 to the storefront at their current handle.",
      request: { params: HandleParam, query: Guide.ListQuery },
      responses: {
        200: jsonAnswer("The storefront", Feed.Storefront.meta({ id: "Storefront" })),
        301: {
          description: "An old handle: `Location` is the storefront at the creator's current handle",
          headers: z.object({ Location: z.string() }),
        },
        ...errorResponses(400, 404, 422),
      },
    }),
    async (c) => {
      const { handle } = c.req.valid("param");
      try {
        return c.json(await Feed.storefront(c.get("actor"), handle, c.req.valid("query")), 200);
      } catch (error) {
        // Only a miss pays for the alias lookup; the storefront read itself stays one claim and one user.
        const moved =
          error instanceof Profile.CreatorNotFoundError ? await User.aliasOwner(handle) : undefined;
        if (moved?.role !== "creator") throw error;
        const url = new URL(c.req.url);
        url.pathname = url.pathname.replace(/[^/]+$/, encodeURIComponent(moved.handle));
        return c.body(null, 301, { Location: `${url.pathname}${url.search}` });
      }
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
