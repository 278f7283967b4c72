import { z } from "@hono/zod-openapi";
import type { TypedResponse } from "hono";

/** A path parameter: a bounded string, named in the OpenAPI document. */
export function pathParams<K extends string>(...names: K[]) {
  return z.object(
    Object.fromEntries(
      names.map((name) => [
        name,
        z
          .string()
          .min(1)
          .max(64)
          .openapi({ param: { name, in: "path" } }),
      ]),
    ) as Record<K, z.ZodString>,
  );
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true,
});

export const jsonAnswer = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});

/**
 * A JSON download answered as a stream (core util/json-stream.ts) under a route that documents its schema:
 * `c.json` would need the whole document in memory. The stream's Response stands in for the typed answer.
 */
export function streamedJson<T>(
  body: ReadableStream<Uint8Array>,
  filename: string,
): Response & TypedResponse<T, 200, "json"> {
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
    },
  }) as Response & TypedResponse<T, 200, "json">;
}
