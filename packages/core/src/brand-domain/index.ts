export * as BrandDomain from "./index";

import { Brand } from "../brand";
import { BrandStore } from "../brand/brand.dynamo";
import { config } from "../config";
import type { Page } from "../dynamo";
import { Failure } from "../failure";
import { Telemetry } from "../telemetry";
import type { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { displayHost } from "../util/display-host";
import { BrandDomainStore } from "./brand-domain.dynamo";
import { fresh } from "./change";
import { expected, prove, txtName, wellKnownUrl } from "./check";
import {
  DomainNotFoundError,
  type Method,
  RECHECK_EVERY_MS,
  RECHECK_FAILURES_ALLOWED,
  type Record,
  type View,
} from "./schema";

export { changeWrites, fresh } from "./change";
export * from "./schema";

/**
 * Brand domains are who they claim (issue 17, part 4). Rules, in one place:
 *
 * - Every domain a brand lists has a record (`unverified | pending | verified | lost`). A brand proves a
 *   domain by a TXT record `_shopguide.<domain>` = `shopguide-verify=<token>` or by the file
 *   `https://<domain>/.well-known/shopguide-verification.txt` carrying the same line.
 * - Verifying takes the domain's single claim item with a conditional write: exactly one brand holds a
 *   verified domain. Another brand cannot list it while it is held (409 `domain_verified_elsewhere`).
 * - When a brand verifies a domain other brands listed unverified, each of them loses it (`lost`, out of
 *   their active `domains`).
 * - Attribution credits a click to a brand when the link's host is (a subdomain of) one of its active
 *   domains that is verified by it or held by nobody (`creditableDomains`): an unverified, uncontested
 *   domain still credits, so brands are not cut off before they verify, and a domain held by another
 *   brand never does, even in the moment before the loser's list is cleaned up.
 * - Verified domains are re-checked daily; after RECHECK_FAILURES_ALLOWED consecutive failures (3 days'
 *   grace) the domain goes back to `pending` and its claim is released; it still credits as the brand's
 *   own uncontested domain until another brand verifies it.
 */

export function view(record: Record): View {
  return {
    domain: record.domain,
    displayHost: displayHost(record.domain),
    state: record.state,
    txt: { name: txtName(record.domain), value: expected(record.token) },
    wellKnown: { url: wellKnownUrl(record.domain), content: expected(record.token) },
    lastCheckedAt: record.lastCheckedAt ?? null,
    error: record.lastError ?? null,
    verifiedAt: record.verifiedAt ?? null,
    method: record.method ?? null,
  };
}

/** Whether the one-click dev verification is offered (SHOPGUIDE_DEV_CLOCK=1, never in a deployed stack). */
export const devToolsOn = () => config().devClock;

/**
 * The records of a brand's active domains, each made if missing (brands that listed domains before
 * verification existed).
 */
async function activeRecords(brand: Brand.Info): Promise<Record[]> {
  const found = await BrandDomainStore.getMany(brand.id, brand.domains);
  const missing = brand.domains.filter((domain) => !found.some((record) => record.domain === domain));
  const now = Clock.now().toISOString();
  for (const domain of missing) await BrandDomainStore.insertIfAbsent(fresh(brand.id, domain, now));
  return missing.length ? BrandDomainStore.getMany(brand.id, brand.domains) : found;
}

/** A brand's domains (members), with their state and what to publish; lost ones too. */
export async function list(actor: Actor, brandId: string, cursor?: string): Promise<Page<View>> {
  await Brand.requireMember(actor, brandId, "viewer");
  if (!cursor) await activeRecords(await Brand.getInternal(brandId));
  const page = await BrandDomainStore.list(brandId, cursor);
  return { ...page, items: page.items.map(view) };
}

/** The record of one of the brand's active domains, or DomainNotFoundError. */
async function activeRecord(brandId: string, domain: string): Promise<Record> {
  const brand = await Brand.getInternal(brandId);
  const wanted = domain.trim().toLowerCase();
  if (!brand.domains.includes(wanted)) throw new DomainNotFoundError();
  const record = (await activeRecords({ ...brand, domains: [wanted] }))[0];
  if (!record || record.state === "lost") throw new DomainNotFoundError();
  return record;
}

/**
 * Checks one of the brand's domains now (owners and admins). Proven: the brand takes the domain's claim
 * (409 `domain_verified_elsewhere` when another brand holds it) and brands listing it unverified lose it.
 * Not proven: it stays (or becomes) pending with what was found; a verified domain counts a failure.
 */
export async function verify(actor: Actor, brandId: string, domain: string): Promise<View> {
  await Brand.requireMember(actor, brandId, "admin");
  return view(await check(await activeRecord(brandId, domain)));
}

/** Local only (SHOPGUIDE_DEV_CLOCK=1): verifies without a check, still under the takeover rule. */
export async function devVerify(actor: Actor, brandId: string, domain: string): Promise<View> {
  await Brand.requireMember(actor, brandId, "admin");
  return view(await take(await activeRecord(brandId, domain), "dev"));
}

async function take(record: Record, method: Method): Promise<Record> {
  const now = Clock.now();
  const verified = await BrandDomainStore.verify(
    record,
    method,
    now.toISOString(),
    new Date(now.getTime() + RECHECK_EVERY_MS).toISOString(),
  );
  await takeOver(record.domain, record.brandId);
  return verified;
}

/** Runs the checks on a record and writes the outcome; answers the record as it now stands. */
async function check(record: Record): Promise<Record> {
  const proof = await prove(record.domain, record.token);
  if (proof.proven) return take(record, proof.method);
  const now = Clock.now().toISOString();
  if (record.state !== "verified") {
    const next: Record = { ...record, state: "pending", lastCheckedAt: now, lastError: proof.error };
    return (await BrandDomainStore.recordCheck(record, next))
      ? next
      : ((await BrandDomainStore.get(record.brandId, record.domain)) ?? next);
  }
  const failures = record.failures + 1;
  if (failures >= RECHECK_FAILURES_ALLOWED) {
    const next: Record = {
      ...record,
      state: "pending",
      lastCheckedAt: now,
      lastError: `${proof.error} (failed ${failures} checks in a row; verify again)`,
      failures: 0,
      nextCheckAt: undefined,
    };
    await BrandDomainStore.demote(next);
    return next;
  }
  const next: Record = {
    ...record,
    lastCheckedAt: now,
    lastError: `${proof.error} (${failures} of ${RECHECK_FAILURES_ALLOWED} failed checks before it goes back to pending)`,
    failures,
    nextCheckAt: new Date(Date.parse(now) + RECHECK_EVERY_MS).toISOString(),
  };
  return (await BrandDomainStore.recordCheck(record, next))
    ? next
    : ((await BrandDomainStore.get(record.brandId, record.domain)) ?? next);
}

/**
 * After `winnerId` verified `domain`: every other brand listing it unverified or pending loses it (its record
 * `lost`, the domain out of its active list), each in one transaction, retried when the brand changed
 * between read and write. The claimant index is eventually consistent; attribution never relies on this
 * having run (`creditableDomains`), and the daily re-check runs it again.
 */
async function takeOver(domain: string, winnerId: string): Promise<void> {
  for (const record of await BrandDomainStore.claimants(domain)) {
    if (record.brandId === winnerId || record.state === "lost" || record.state === "verified") continue;
    for (let attempt = 0; attempt < 5; attempt++) {
      const brand = await BrandStore.get(record.brandId);
      const current = await BrandDomainStore.get(record.brandId, domain);
      if (!brand || !current || current.state === "lost" || current.state === "verified") break;
      const at = Clock.now().toISOString();
      const write = BrandStore.domainsWrite(
        brand,
        brand.domains.filter((entry) => entry !== domain),
        at,
      );
      if (await BrandDomainStore.lose(current, at, write)) {
        Telemetry.log.info("brand lost a domain to a verified claim", {
          brandId: record.brandId,
          domain,
          winnerId,
        });
        break;
      }
    }
  }
}

/**
 * The brand's domains that credit its campaigns: its active domains, less any another brand holds verified
 * (see the rules above).
 */
export async function creditableDomains(brand: { id: string; domains: string[] }): Promise<string[]> {
  if (brand.domains.length === 0) return [];
  const claims = await BrandDomainStore.claims(brand.domains);
  const heldElsewhere = new Set(
    claims.filter((claim) => claim.brandId !== brand.id).map((claim) => claim.domain),
  );
  return brand.domains.filter((domain) => !heldElsewhere.has(domain));
}

export interface RecheckReport {
  read: number;
  passed: number;
  failed: number;
  demoted: number;
}

/** How many days of overdue buckets the re-check job looks back over (a job down longer misses older ones). */
const LOOKBACK_DAYS = 7;
/** At most this many re-checks a run; the rest wait for the next run. */
const MAX_PER_RUN = 500;

/**
 * The daily re-check: verified domains due by the platform clock, bucket by bucket (the due day), each
 * checked once through `Failure.startJob` so a domain whose check throws is counted and parked, never
 * stopping the others.
 */
export async function recheckDue(): Promise<RecheckReport> {
  const run = await Failure.startJob("recheck-domains");
  const now = Clock.now();
  const at = now.toISOString();
  const report: RecheckReport = { read: 0, passed: 0, failed: 0, demoted: 0 };
  for (let back = LOOKBACK_DAYS; back >= 0 && report.read < MAX_PER_RUN; back--) {
    const day = new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
    let cursor: string | undefined;
    do {
      const page = await BrandDomainStore.due(day, at, cursor);
      for (const due of page.items) {
        if (report.read >= MAX_PER_RUN) break;
        report.read++;
        await run.item(`${due.brandId}#${due.domain}`, async () => {
          const record = await BrandDomainStore.get(due.brandId, due.domain);
          if (record?.state !== "verified" || (record.nextCheckAt ?? "") > at) return;
          const next = await check(record);
          if (next.state === "verified" && next.failures === 0) report.passed++;
          else if (next.state === "pending") report.demoted++;
          else report.failed++;
        });
      }
      cursor = page.nextCursor;
    } while (cursor && report.read < MAX_PER_RUN);
  }
  return report;
}
