import { createRoute, z } from "@hono/zod-openapi";
import { Statement } from "@shopguide/core/statement";
import { errorResponses } from "./error";
import { jsonAnswer, jsonBody, pathParams } from "./params";
import { createRouter } from "./router";

const StatementInfo = z.object(Statement.Info.shape).openapi("Statement");
const StatementPage = z
  .object({ items: z.array(StatementInfo), nextCursor: z.string().optional() })
  .openapi("StatementPage");
const StatementEntry = z.object(Statement.Entry.shape).openapi("StatementEntry");
const StatementEntryPage = z
  .object({ items: z.array(StatementEntry), nextCursor: z.string().optional() })
  .openapi("StatementEntryPage");
const SettingsInfo = z.object(Statement.Settings.shape).openapi("PayoutSettings");
const LedgerInfo = z
  .object({
    ...Statement.Ledger.shape,
    statements: z.array(z.object(Statement.LedgerStatement.shape).openapi("LedgerStatement")),
  })
  .openapi("PayoutLedger");
const csvAnswer = (description: string) => ({ description, content: { "text/csv": { schema: z.string() } } });
const CSV_ID = /\.csv$/;

/**
 * A statement id in the path: a stored one (`stm_…`), an upcoming one (`open_<day>_<brandId>_<creatorId>_<currency>`,
 * longer than other ids), either with `.csv`.
 */
const statementId = z
  .string()
  .min(1)
  .max(100)
  .openapi({ param: { name: "id", in: "path" } });
const statementParams = () => z.object({ id: statementId });
const lineParams = () => pathParams("lineId").extend({ id: statementId });

const csv = (body: string | ReadableStream<Uint8Array>, filename: string) =>
  new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
    },
  });

export const statementRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/payout-settings",
      tags: ["statements"],
      summary: "The brand's statement period and minimum payout (members)",
      request: { params: pathParams("brandId") },
      responses: { 200: jsonAnswer("Settings", SettingsInfo), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await Statement.getSettings(c.get("actor"), c.req.valid("param").brandId), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/brands/{brandId}/payout-settings",
      tags: ["statements"],
      summary:
        "Set the statement period (monthly, weekly) and minimum payout in minor units (owner or admin)",
      request: { params: pathParams("brandId"), body: jsonBody(Statement.SettingsInput) },
      responses: { 200: jsonAnswer("Settings", SettingsInfo), ...errorResponses(401, 403, 404, 422) },
    }),
    async (c) =>
      c.json(
        await Statement.putSettings(c.get("actor"), c.req.valid("param").brandId, c.req.valid("json")),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/statements.csv",
      tags: ["statements"],
      summary: "The brand's statements as CSV, one row per carried balance, line and adjustment (members)",
      request: {
        params: pathParams("brandId"),
        query: Statement.ListFilter.pick({ period: true }),
      },
      responses: { 200: csvAnswer("Statements as CSV"), ...errorResponses(401, 404, 422) },
    }),
    async (c) => {
      const { brandId } = c.req.valid("param");
      const { period } = c.req.valid("query");
      return csv(
        await Statement.csvForBrand(c.get("actor"), brandId, period),
        `statements-${period ?? "all"}.csv`,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/statements",
      tags: ["statements"],
      summary:
        "The brand's statements, newest period first, by status and period start day; `status=open` answers the upcoming ones (members)",
      request: { params: pathParams("brandId"), query: Statement.ListFilter },
      responses: { 200: jsonAnswer("Statements", StatementPage), ...errorResponses(400, 401, 404, 422) },
    }),
    async (c) =>
      c.json(
        await Statement.listByBrand(c.get("actor"), c.req.valid("param").brandId, c.req.valid("query")),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/brands/{brandId}/ledger/{handle}",
      tags: ["statements"],
      summary:
        "What the brand owes a creator (running totals per currency) and their statements, newest period first, 20 a page: `nextCursor` as `?cursor=` answers the next; a statement's entries page through `/statements/{id}/lines` (members)",
      request: { params: pathParams("brandId", "handle"), query: Statement.LedgerQuery },
      responses: { 200: jsonAnswer("Ledger", LedgerInfo), ...errorResponses(400, 401, 404, 422) },
    }),
    async (c) => {
      const { brandId, handle } = c.req.valid("param");
      return c.json(await Statement.ledger(c.get("actor"), brandId, handle, c.req.valid("query")), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/statements",
      tags: ["statements"],
      summary:
        "My statements with every brand, newest period first; `status=open` answers the upcoming ones (creators)",
      request: { query: Statement.MineFilter },
      responses: { 200: jsonAnswer("Statements", StatementPage), ...errorResponses(400, 401, 422) },
    }),
    async (c) => c.json(await Statement.listMine(c.get("actor"), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/statements/{id}",
      tags: ["statements"],
      summary:
        "A statement with its first page of entries (the brand's members and the creator); `linesCursor` pages the rest; `{id}.csv` answers it whole as CSV",
      request: { params: statementParams() },
      responses: {
        200: {
          description: "The statement, or its CSV for `{id}.csv`",
          content: {
            "application/json": { schema: StatementInfo },
            "text/csv": { schema: z.string() },
          },
        },
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      // One route for both: the router cannot tell `{id}` from `{id}.csv` in one path segment.
      if (CSV_ID.test(id)) {
        const statementId = id.replace(CSV_ID, "");
        return csv(await Statement.csvForStatement(c.get("actor"), statementId), `${statementId}.csv`);
      }
      return c.json(await Statement.get(c.get("actor"), id), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/statements/{id}/lines",
      tags: ["statements"],
      summary:
        "A page of a statement's entries (lines, adjustments, disputed lines) in the order written; pass `linesCursor`, then `nextCursor` (the brand's members and the creator)",
      request: { params: statementParams(), query: Statement.LinesQuery },
      responses: { 200: jsonAnswer("Entries", StatementEntryPage), ...errorResponses(400, 401, 404, 422) },
    }),
    async (c) =>
      c.json(
        await Statement.lines(c.get("actor"), c.req.valid("param").id, c.req.valid("query").cursor),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/statements/{id}/lines/{lineId}/dispute",
      tags: ["statements"],
      summary:
        "Dispute a line of a closed statement: it leaves the statement and goes back to review (owner or admin)",
      request: { params: lineParams(), body: jsonBody(Statement.DisputeInput) },
      responses: {
        200: jsonAnswer("The statement", StatementInfo),
        ...errorResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const { id, lineId } = c.req.valid("param");
      return c.json(await Statement.dispute(c.get("actor"), id, lineId, c.req.valid("json").reason), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/statements/{id}/approve",
      tags: ["statements"],
      summary: "Approve a closed statement (owner or admin)",
      request: { params: statementParams() },
      responses: { 200: jsonAnswer("The statement", StatementInfo), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => c.json(await Statement.approve(c.get("actor"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/statements/{id}/paid",
      tags: ["statements"],
      summary: "Mark an approved statement paid with the transfer's reference and date (owner or admin)",
      request: { params: statementParams(), body: jsonBody(Statement.PaidInput) },
      responses: {
        200: jsonAnswer("The statement", StatementInfo),
        ...errorResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) =>
      c.json(await Statement.markPaid(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 200),
  );
