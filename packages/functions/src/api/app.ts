import { OpenAPIHono } from "@hono/zod-openapi";
import { config } from "@shopguide/core/config";
import { commonSecurityHeaders } from "@shopguide/core/http";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { accountRoutes } from "./account";
import { adminRoutes } from "./admin";
import { accountAdminRoutes } from "./admin-accounts";
import { authRoutes } from "./auth";
import { brandRoutes } from "./brand";
import { brandDomainRoutes } from "./brand-domain";
import { campaignRoutes } from "./campaign";
import { conversionRoutes } from "./conversion";
import { devRoutes } from "./dev";
import { discoveryRoutes } from "./discovery";
import { docsPage, docsPageCsp } from "./docs-page";
import type { AppEnv } from "./env";
import { onError, onNotFound, validationHook } from "./error";
import { feedRoutes } from "./feed";
import { groupbuyRoutes } from "./groupbuy";
import { guideRoutes } from "./guide";
import { healthRoutes } from "./health";
import { integrationRoutes } from "./integration";
import { linkRoutes } from "./link";
import { meRoutes } from "./me";
import { resolveActor } from "./middleware/actor";
import { conversionDoor, groupBuyJoins } from "./middleware/business-metrics";
import { clientIp } from "./middleware/client-ip";
import { originSecret } from "./middleware/origin-secret";
import { requestLog } from "./middleware/request-log";
import { moderationRoutes } from "./moderation";
import { notificationRoutes } from "./notification";
import { productImportRoutes } from "./product-import";
import { profileRoutes } from "./profile";
import { searchRoutes } from "./search";
import { statementRoutes } from "./statement";
import { uploadRoutes } from "./upload";
import { webhookRoutes } from "./webhook";

const MAX_BODY_BYTES = 256 * 1024;

const base = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).basePath("/api");

base.onError(onError);
base.notFound(onNotFound);
base.use("*", requestId({ headerName: "X-Request-Id" }), async function exposeRequestId(c, next) {
  c.set("requestId", c.get("requestId"));
  await next();
});
base.use("*", async function securityHeaders(c, next) {
  await next();
  for (const [name, value] of Object.entries(commonSecurityHeaders)) c.res.headers.set(name, value);
});
base.use("*", requestLog(), originSecret());
base.use(
  "*",
  cors({
    origin: (origin) => (config().webOrigins.includes(origin) ? origin : null),
    credentials: true,
    exposeHeaders: ["X-Request-Id", "Retry-After"],
  }),
);
base.use(
  "*",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.json(
        { error: { code: "payload_too_large", message: `Bodies are limited to ${MAX_BODY_BYTES} bytes` } },
        413,
      ),
  }),
);
base.use("*", clientIp(), resolveActor());
base.use("/v1/brands/:brandId/conversions", conversionDoor("api"));
base.use("/v1/brands/:brandId/conversions/test", conversionDoor("test"));
base.use("/v1/integrations/shopify/:brandId", conversionDoor("shopify"));
base.use("/v1/integrations/stripe/:brandId", conversionDoor("stripe"));
base.use("/v1/groupbuys/:id/join", groupBuyJoins());

/** Every route, chained so the type stays whole for the typed web client (hono/client). */
export const app = base
  .route("/", healthRoutes)
  .route("/v1/auth", authRoutes)
  .route("/v1", meRoutes)
  .route("/v1", accountRoutes)
  .route("/v1", notificationRoutes)
  .route("/v1", profileRoutes)
  .route("/v1", guideRoutes)
  .route("/v1", feedRoutes)
  .route("/v1", linkRoutes)
  .route("/v1", brandRoutes)
  .route("/v1", brandDomainRoutes)
  .route("/v1", campaignRoutes)
  .route("/v1", groupbuyRoutes)
  .route("/v1", conversionRoutes)
  .route("/v1", statementRoutes)
  .route("/v1", integrationRoutes)
  .route("/v1", webhookRoutes)
  .route("/v1", uploadRoutes)
  .route("/v1", productImportRoutes)
  .route("/v1", searchRoutes)
  .route("/v1", adminRoutes)
  .route("/v1", discoveryRoutes)
  .route("/v1", moderationRoutes)
  .route("/v1", accountAdminRoutes);

export type AppType = typeof app;

if (config().devClock) app.route("/dev", devRoutes);

app.doc31("/openapi.json", {
  openapi: "3.1.0",
  info: {
    title: "shopguide API",
    version: "1.0.0",
    description:
      "Creators, guides, referral links, brand campaigns and payouts. Errors: {error: {code, message, details?}}.",
  },
  servers: [{ url: config().publicUrl }],
});
app.get("/docs", (c) => c.html(docsPage, 200, { "Content-Security-Policy": docsPageCsp }));
