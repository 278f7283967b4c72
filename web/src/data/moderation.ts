import type { InferRequestType, InferResponseType } from "hono/client";
import { api, unwrap } from "../api/client";

export type ReportTarget = InferRequestType<typeof api.v1.reports.$post>["json"]["target"];
export type ReportReason = InferRequestType<typeof api.v1.reports.$post>["json"]["reason"];
export type QueuePage = InferResponseType<typeof api.v1.admin.reports.$get, 200>;
export type QueueEntry = QueuePage["items"][number];
export type AuditPage = InferResponseType<typeof api.v1.admin.audit.$get, 200>;
export type AdminGuide = InferResponseType<(typeof api.v1.admin.guides)[":id"]["$get"], 200>;

export const REPORT_REASONS: { id: ReportReason; label: string }[] = [
  { id: "spam", label: "Spam" },
  { id: "scam", label: "Scam or fraud" },
  { id: "counterfeit", label: "Counterfeit goods" },
  { id: "offensive", label: "Offensive" },
  { id: "other", label: "Something else" },
];

/** Reports anyone signed in makes, and the admin console's calls. */
export const Moderation = {
  report: (target: ReportTarget, reason: ReportReason, note?: string) =>
    unwrap(api.v1.reports.$post({ json: { target, reason, ...(note ? { note } : {}) } })),
  queue: (cursor?: string) =>
    unwrap(api.v1.admin.reports.$get({ query: { status: "open", ...(cursor ? { cursor } : {}) } })),
  dismiss: (id: string, reason: string) =>
    unwrap(api.v1.admin.reports[":id"].dismiss.$post({ param: { id }, json: { reason } })),
  guide: (id: string) => unwrap(api.v1.admin.guides[":id"].$get({ param: { id } })),
  hide: (id: string, reason: string) =>
    unwrap(api.v1.admin.guides[":id"].hide.$post({ param: { id }, json: { reason } })),
  restore: (id: string, reason: string) =>
    unwrap(api.v1.admin.guides[":id"].restore.$post({ param: { id }, json: { reason } })),
  creatorBadge: (handle: string, verified: boolean, reason: string) =>
    unwrap(api.v1.admin.creators[":handle"].verified.$put({ param: { handle }, json: { verified, reason } })),
  brandBadge: (brandId: string, verified: boolean, reason: string) =>
    unwrap(api.v1.admin.brands[":brandId"].verified.$put({ param: { brandId }, json: { verified, reason } })),
  audit: (cursor?: string) => unwrap(api.v1.admin.audit.$get({ query: cursor ? { cursor } : {} })),
  auditExportHref: "/api/v1/admin/audit/export",
};
