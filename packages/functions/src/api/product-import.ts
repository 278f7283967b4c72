import { createRoute } from "@hono/zod-openapi";
import { ProductPage } from "@shopguide/core/product-page";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, jsonBody } from "./params";
import { createRouter } from "./router";

export const productImportRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/imports/product",
    middleware: [rateLimit("upload-create")] as const,
    tags: ["media"],
    summary: "Read a product page (Open Graph, schema.org Product) into a pre-filled, editable product card",
    request: { body: jsonBody(ProductPage.ImportInput) },
    responses: {
      200: jsonAnswer("The pre-filled card", ProductPage.ImportedProduct.meta({ id: "ImportedProduct" })),
      ...errorResponses(400, 401, 403, 422, 429),
    },
  }),
  async (c) => c.json(await ProductPage.importProduct(c.get("actor"), c.req.valid("json")), 200),
);
