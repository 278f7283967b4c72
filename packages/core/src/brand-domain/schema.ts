/**
 * Brand domain verification: schemas, constants and errors shared by the domain (index.ts), its checks
 * (check.ts) and its store (brand-domain.dynamo.ts).
 */
import * as z from "zod";
import { AppError, NotFoundError } from "../util/errors";

/**
 * - `unverified`: listed by the brand, never checked yet.
 * - `pending`: checked and not (or no longer) proven; `lastError` says what was found.
 * - `verified`: proven by the TXT record or the well-known file; the brand holds the domain's one claim.
 * - `lost`: another brand verified it; it left this brand's active domains.
 */
export const State = z.enum(["unverified", "pending", "verified", "lost"]);
export type State = z.infer<typeof State>;

export const Method = z.enum(["dns", "well_known", "dev"]);
export type Method = z.infer<typeof Method>;

/** One (brand, domain) as stored. */
export const Record = z.object({
  brandId: z.string(),
  domain: z.string(),
  state: State,
  /** Random, per (brand, domain): what the TXT record or the well-known file must carry. */
  token: z.string(),
  addedAt: z.string(),
  lastCheckedAt: z.string().optional(),
  /** Why the last check did not prove it (shown to the brand as is). */
  lastError: z.string().optional(),
  verifiedAt: z.string().optional(),
  method: Method.optional(),
  /** Consecutive failed re-checks while verified (reset by a passing one). */
  failures: z.number().int().min(0).default(0),
  /** When the re-check job looks at it next (verified only). */
  nextCheckAt: z.string().optional(),
});
export type Record = z.infer<typeof Record>;

/** The one brand holding a verified domain. */
export const Claim = z.object({ domain: z.string(), brandId: z.string(), verifiedAt: z.string() });
export type Claim = z.infer<typeof Claim>;

/** A domain as the brand console shows it: its state and exactly what to publish to prove it. */
export const View = z.object({
  domain: z.string(),
  /** The domain as people should read it (punycode when it could pass for another, util/display-host). */
  displayHost: z.string(),
  state: State,
  txt: z.object({ name: z.string(), value: z.string() }),
  wellKnown: z.object({ url: z.string(), content: z.string() }),
  lastCheckedAt: z.string().nullable(),
  error: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  method: Method.nullable(),
});
export type View = z.infer<typeof View>;

export const TXT_PREFIX = "_shopguide";
export const WELL_KNOWN_PATH = "/.well-known/shopguide-verification.txt";

/** A verified domain failing this many consecutive daily re-checks goes back to pending (3 days' grace). */
export const RECHECK_FAILURES_ALLOWED = 3;
/** Verified domains are re-checked this often. */
export const RECHECK_EVERY_MS = 86_400_000;

export class DomainVerifiedElsewhereError extends AppError {
  constructor(domain: string) {
    super(
      "conflict",
      "domain_verified_elsewhere",
      `${domain} is verified by another brand; it cannot be claimed unless that brand removes it`,
      { domain },
    );
  }
}

export class DomainNotFoundError extends NotFoundError {
  constructor() {
    super("Domain", "domain_not_found");
  }
}
