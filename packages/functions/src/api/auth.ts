import { createRoute, z } from "@hono/zod-openapi";
import { Account } from "@shopguide/core/account";
import { Auth } from "@shopguide/core/auth";
import { User } from "@shopguide/core/user";
import { Actor } from "@shopguide/core/util/actor";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, jsonBody } from "./params";
import { createRouter } from "./router";
import { clearSessionCookie, setSessionCookie } from "./session-cookie";

const SignedIn = z
  .object({ user: User.Info.meta({ id: "User" }), token: z.string(), expiresAt: z.string() })
  .openapi("SignedIn");

/** The one answer to a reset request, whether or not the email belongs to an account. */
const RESET_REQUESTED = {
  message: "If an account uses this email, we sent it a link to reset the password. It works for one hour.",
};

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
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/verify-email",
      tags: ["auth"],
      summary: "Confirm the account's email with the token from the verification mail (works once)",
      request: { body: jsonBody(Account.VerifyEmailInput) },
      responses: {
        200: jsonAnswer("Confirmed", z.object({ user: User.Info.meta({ id: "User" }) })),
        ...errorResponses(400, 422),
      },
    }),
    async (c) => c.json({ user: await Account.verifyEmail(c.req.valid("json")) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/verify-email/resend",
      middleware: [rateLimit("verify-email-resend")] as const,
      tags: ["auth"],
      summary: "Send the signed-in account a new verification mail",
      responses: {
        202: jsonAnswer("Sent", z.object({ sent: z.literal(true) })),
        ...errorResponses(401, 409, 429),
      },
    }),
    async (c) => {
      await Account.resendVerification(c.get("actor"));
      return c.json({ sent: true as const }, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/password-reset",
      middleware: [rateLimit("password-reset")] as const,
      tags: ["auth"],
      summary: "Mail a one-hour, single-use reset link; the same answer whether or not the email is known",
      request: { body: jsonBody(Account.PasswordResetInput) },
      responses: {
        202: jsonAnswer("Requested", z.object({ message: z.string() })),
        ...errorResponses(422, 429),
      },
    }),
    async (c) => {
      await Account.requestPasswordReset(c.req.valid("json"));
      return c.json(RESET_REQUESTED, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/password-reset/confirm",
      middleware: [rateLimit("password-reset")] as const,
      tags: ["auth"],
      summary: "Set a new password with the reset token; every existing session is signed out",
      request: { body: jsonBody(Account.PasswordResetConfirmInput) },
      responses: { 204: { description: "Password set; sign in again" }, ...errorResponses(400, 422, 429) },
    }),
    async (c) => {
      await Account.confirmPasswordReset(c.req.valid("json"));
      return c.body(null, 204);
    },
  );
