import { createRoute, z } from "@hono/zod-openapi";
import { BrandDomain } from "@shopguide/core/brand-domain";
import { errorResponses } from "./error";
import { rateLimit } from "./middleware/rate-limit";
import { jsonAnswer, pathParams } from "./params";
import { createRouter } from "./router";

const DomainView = z.object(BrandDomain.View.shape).openapi("BrandDomain");
const DomainParams = z.object({
  brandId: pathParams("brandId").shape.brandId,
  domain: z
    .string()
    .min(1)
    .max(253)
    .openapi({ param: { name: "domain", in: "path" } }),
});

/** Domain verification (issue 17, part 4): rules in core/brand-domain. */
export const brandDomainRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/domains",
      tags: ["brands"],
      summary:
        "A brand's domains with their verification state and the exact TXT record and well-known file to add (members)",
      request: {
        params: pathParams("brandId"),
        query: z.object({ cursor: z.string().max(2000).optional() }),
      },
      responses: {
        200: jsonAnswer(
          "Domains",
          z
            .object({
              items: z.array(DomainView),
              nextCursor: z.string().optional(),
              /** The one-click dev verification is available (local runner only). */
              devVerify: z.boolean(),
            })
            .openapi("BrandDomainPage"),
        ),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const page = await BrandDomain.list(
        c.get("actor"),
        c.req.valid("param").brandId,
        c.req.valid("query").cursor,
      );
      return c.json({ ...page, devVerify: BrandDomain.devToolsOn() }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/brands/{brandId}/domains/{domain}/verify",
      tags: ["brands"],
      middleware: [rateLimit("domain-verify")] as const,
      summary:
        "Check a domain's TXT record or well-known file now (owner or admin); answers its state, pending with what was found when not proven",
      request: { params: DomainParams },
      responses: {
        200: jsonAnswer("The domain after the check", DomainView),
        ...errorResponses(401, 403, 404, 409, 429),
      },
    }),
    async (c) => {
      const { brandId, domain } = c.req.valid("param");
      return c.json(await BrandDomain.verify(c.get("actor"), brandId, domain), 200);
    },
  );
