import { createRoute, z } from "@hono/zod-openapi";
import { Webhook } from "@shopguide/core/webhook";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, jsonBody, pathParams } from "./params";
import { createRouter } from "./router";

const EndpointInfo = z.object(Webhook.Endpoint.shape).openapi("WebhookEndpoint");
const NewEndpoint = z
  .object({ ...Webhook.Endpoint.shape, secret: z.string() })
  .openapi("NewWebhookEndpoint", { description: "The endpoint with its signing secret, shown this once" });
const EndpointList = z.object({ items: z.array(EndpointInfo) }).openapi("WebhookEndpoints");
const DeliveryInfo = z.object(Webhook.Delivery.shape).openapi("WebhookDelivery");
const DeliveryList = z.object({ items: z.array(DeliveryInfo) }).openapi("WebhookDeliveries");

const brand = (brandId: string): Webhook.Target => ({ kind: "brand", brandId });
const me: Webhook.Target = { kind: "me" };

const BRAND = "(brand owner or admin)";
const CREATOR = "(creators, for themselves)";

/** Outgoing webhooks: a brand's endpoints under /brands/{brandId}/webhooks, a creator's under /me/webhooks. */
export const webhookRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/brands/{brandId}/webhooks",
      tags: ["webhooks"],
      summary: `Register a webhook endpoint; its signing secret is answered this once ${BRAND}`,
      request: { params: pathParams("brandId"), body: jsonBody(Webhook.CreateInput) },
      responses: { 201: jsonAnswer("Registered", NewEndpoint), ...errorResponses(401, 403, 404, 409, 422) },
    }),
    async (c) =>
      c.json(
        await Webhook.create(c.get("actor"), brand(c.req.valid("param").brandId), c.req.valid("json")),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/webhooks",
      tags: ["webhooks"],
      summary: `The brand's webhook endpoints, never their secrets ${BRAND}`,
      request: { params: pathParams("brandId") },
      responses: { 200: jsonAnswer("Endpoints", EndpointList), ...errorResponses(401, 403, 404) },
    }),
    async (c) =>
      c.json({ items: await Webhook.list(c.get("actor"), brand(c.req.valid("param").brandId)) }, 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/brands/{brandId}/webhooks/{id}",
      tags: ["webhooks"],
      summary: `Change an endpoint's events or description, or disable it ${BRAND}`,
      request: { params: pathParams("brandId", "id"), body: jsonBody(Webhook.UpdateInput) },
      responses: { 200: jsonAnswer("Updated", EndpointInfo), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) => {
      const { brandId, id } = c.req.valid("param");
      return c.json(await Webhook.update(c.get("actor"), brand(brandId), id, c.req.valid("json")), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/brands/{brandId}/webhooks/{id}",
      tags: ["webhooks"],
      summary: `Delete an endpoint; deliveries still due to it are not sent ${BRAND}`,
      request: { params: pathParams("brandId", "id") },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { brandId, id } = c.req.valid("param");
      await Webhook.remove(c.get("actor"), brand(brandId), id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/webhooks/{id}/deliveries",
      tags: ["webhooks"],
      summary: `An endpoint's 50 newest deliveries with their attempts ${BRAND}`,
      request: { params: pathParams("brandId", "id") },
      responses: { 200: jsonAnswer("Deliveries", DeliveryList), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { brandId, id } = c.req.valid("param");
      return c.json({ items: await Webhook.deliveries(c.get("actor"), brand(brandId), id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/brands/{brandId}/webhooks/{id}/ping",
      middleware: [rateLimit("webhook-ping")] as const,
      tags: ["webhooks"],
      summary: `Queue a webhook.ping to the endpoint, sent by the next delivery run ${BRAND}`,
      request: { params: pathParams("brandId", "id") },
      responses: { 202: jsonAnswer("Queued", DeliveryInfo), ...errorResponses(401, 403, 404, 429) },
    }),
    async (c) => {
      const { brandId, id } = c.req.valid("param");
      return c.json(await Webhook.ping(c.get("actor"), brand(brandId), id), 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/webhooks",
      tags: ["webhooks"],
      summary: `Register a webhook endpoint; its signing secret is answered this once ${CREATOR}`,
      request: { body: jsonBody(Webhook.CreateInput) },
      responses: { 201: jsonAnswer("Registered", NewEndpoint), ...errorResponses(401, 403, 409, 422) },
    }),
    async (c) => c.json(await Webhook.create(c.get("actor"), me, c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/webhooks",
      tags: ["webhooks"],
      summary: `My webhook endpoints, never their secrets ${CREATOR}`,
      responses: { 200: jsonAnswer("Endpoints", EndpointList), ...errorResponses(401, 403) },
    }),
    async (c) => c.json({ items: await Webhook.list(c.get("actor"), me) }, 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/me/webhooks/{id}",
      tags: ["webhooks"],
      summary: `Change an endpoint's events or description, or disable it ${CREATOR}`,
      request: { params: pathParams("id"), body: jsonBody(Webhook.UpdateInput) },
      responses: { 200: jsonAnswer("Updated", EndpointInfo), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) =>
      c.json(await Webhook.update(c.get("actor"), me, c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/me/webhooks/{id}",
      tags: ["webhooks"],
      summary: `Delete an endpoint; deliveries still due to it are not sent ${CREATOR}`,
      request: { params: pathParams("id") },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      await Webhook.remove(c.get("actor"), me, c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/webhooks/{id}/deliveries",
      tags: ["webhooks"],
      summary: `An endpoint's 50 newest deliveries with their attempts ${CREATOR}`,
      request: { params: pathParams("id") },
      responses: { 200: jsonAnswer("Deliveries", DeliveryList), ...errorResponses(401, 403, 404) },
    }),
    async (c) =>
      c.json({ items: await Webhook.deliveries(c.get("actor"), me, c.req.valid("param").id) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/webhooks/{id}/ping",
      middleware: [rateLimit("webhook-ping")] as const,
      tags: ["webhooks"],
      summary: `Queue a webhook.ping to the endpoint, sent by the next delivery run ${CREATOR}`,
      request: { params: pathParams("id") },
      responses: { 202: jsonAnswer("Queued", DeliveryInfo), ...errorResponses(401, 403, 404, 429) },
    }),
    async (c) => c.json(await Webhook.ping(c.get("actor"), me, c.req.valid("param").id), 202),
  );
