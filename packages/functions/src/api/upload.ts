import { createRoute, z } from "@hono/zod-openapi";
import { Image } from "@shopguide/core/image";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, jsonBody, pathParams } from "./params";
import { createRouter } from "./router";

const IdParam = pathParams("id");
const ImageState = Image.State.meta({ id: "ImageState" });
const ImageAnswer = z.object({ image: ImageState }).openapi("ImageAnswer");

export const uploadRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/uploads",
      middleware: [rateLimit("upload-create")] as const,
      tags: ["media"],
      summary: "Declare an image upload; answers a presigned POST limited to the declared type and size",
      request: { body: jsonBody(Image.CreateUploadInput) },
      responses: {
        201: jsonAnswer("Where and how to send the file", Image.Upload.meta({ id: "Upload" })),
        ...errorResponses(401, 413, 422, 429),
      },
    }),
    async (c) => c.json(await Image.createUpload(c.get("actor"), c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/uploads/{id}/complete",
      tags: ["media"],
      summary: "Check the uploaded bytes and process them into stripped WebP variants (uploader only)",
      request: { params: IdParam },
      responses: {
        200: jsonAnswer("The processed image", ImageAnswer),
        ...errorResponses(401, 403, 404, 409, 413, 422),
      },
    }),
    async (c) => c.json({ image: await Image.complete(c.get("actor"), c.req.valid("param").id) }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/images/{id}",
      tags: ["media"],
      summary: "An upload's processing state (uploader only)",
      request: { params: IdParam },
      responses: { 200: jsonAnswer("The image", ImageAnswer), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json({ image: await Image.get(c.get("actor"), c.req.valid("param").id) }, 200),
  );
