import { createRoute, z } from "@hono/zod-openapi";
import { Failure } from "@shopguide/core/failure";
import { replayRecord } from "../stream-batch";
import { errorResponses } from "./error";
import { jsonAnswer, pathParams } from "./params";
import { createRouter } from "./router";

const FailureInfo = z.object(Failure.Info.shape).openapi("ParkedFailure");
const IdParam = pathParams("id");

/** Platform admins only: poison pills the stream and the jobs parked, to replay or dismiss. */
export const adminRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/failures",
      tags: ["admin"],
      summary: "Parked failures (stream records and job items that failed past their bound), newest first",
      request: { query: z.object({ cursor: z.string().max(2000).optional() }) },
      responses: {
        200: jsonAnswer(
          "Parked failures",
          z.object({ items: z.array(FailureInfo), nextCursor: z.string().optional() }),
        ),
        ...errorResponses(401, 403, 422),
      },
    }),
    async (c) => c.json(await Failure.listParked(c.get("actor"), c.req.valid("query").cursor), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/admin/failures/{id}/replay",
      tags: ["admin"],
      summary:
        "Replay a parked failure: a stream record runs through its consumers again (resolved on success); a job item is requeued for the job's next run",
      request: { params: IdParam },
      responses: {
        200: jsonAnswer("Resolved (stream) or requeued (job)", FailureInfo),
        ...errorResponses(401, 403, 404, 409),
      },
    }),
    async (c) => c.json(await Failure.replay(c.get("actor"), c.req.valid("param").id, replayRecord), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/admin/failures/{id}/dismiss",
      tags: ["admin"],
      summary: "Dismiss a parked failure without replaying it (a job keeps skipping a dismissed item)",
      request: { params: IdParam },
      responses: { 200: jsonAnswer("Dismissed", FailureInfo), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => c.json(await Failure.dismiss(c.get("actor"), c.req.valid("param").id), 200),
  );
