import { z } from "@hono/zod-openapi";

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
