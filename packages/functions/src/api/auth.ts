import { createRoute, z } from "@hono/zod-openapi";
import { Auth } from "@shopguide/core/auth";
import { User } from "@shopguide/core/user";
import { Actor } from "@shopguide/core/util/actor";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonBody } from "./params";
import { createRouter } from "./router";
import { clearSessionCookie, setSessionCookie } from "./session-cookie";

const SignedIn = z
  .object({ user: User.Info.meta({ id: "User" }), token: z.string(), expiresAt: z.string() })
  .openapi("SignedIn");

export const authRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/signup",
      middleware: [rateLimit("signup")] as const,
      tags: ["auth"],
      summary: "Create an account and sign in",
      request: { body: jsonBody(User.SignupInput) },
      responses: {
        201: {
          description: "Signed up; the session cookie is set",
          content: { "application/json": { schema: SignedIn } },
        },
        ...errorResponses(400, 409, 422, 429),
      },
    }),
    async (c) => {
      const signedIn = await Auth.signup(c.req.valid("json"));
      setSessionCookie(c, signedIn.token, signedIn.expiresAt);
      return c.json(signedIn, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/login",
      middleware: [rateLimit("login")] as const,
      tags: ["auth"],
      summary: "Sign in with email and password",
      request: { body: jsonBody(Auth.LoginInput) },
      responses: {
        200: {
          description: "Signed in; the session cookie is set",
          content: { "application/json": { schema: SignedIn } },
        },
        ...errorResponses(400, 401, 422, 429),
      },
    }),
    async (c) => {
      const signedIn = await Auth.login(c.req.valid("json"));
      setSessionCookie(c, signedIn.token, signedIn.expiresAt);
      return c.json(signedIn, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/logout",
      tags: ["auth"],
      summary: "Revoke the current session",
      responses: { 204: { description: "Signed out" }, ...errorResponses(401, 403) },
    }),
    async (c) => {
      Actor.requireUser(c.get("actor"));
      const token = c.get("sessionToken");
      if (token) await Auth.logout(token);
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  );
