/**
 * Records for domains a brand starts or stops listing, written with the brand itself (brand create and
 * update). Apart from index.ts so the brand module can use it without importing this domain's rules,
 * which import the brand's.
 */
import { randomBytes } from "node:crypto";
import { Clock } from "../util/clock";
import { BrandDomainStore, type DomainWrites } from "./brand-domain.dynamo";
import type { Record } from "./schema";

/** A fresh record for a domain a brand starts listing, with its own random token. */
export function fresh(brandId: string, domain: string, at: string): Record {
  return {
    brandId,
    domain,
    state: "unverified",
    token: randomBytes(16).toString("hex"),
    addedAt: at,
    failures: 0,
  };
}

/** What going from listing `before` to listing `after` writes (AP266), for the brand's transaction. */
export async function changeWrites(
  brandId: string,
  before: string[],
  after: string[],
): Promise<DomainWrites> {
  const now = Clock.now().toISOString();
  const added = after.filter((domain) => !before.includes(domain));
  const removed = before.filter((domain) => !after.includes(domain));
  const removedRecords = removed.length ? await BrandDomainStore.getMany(brandId, removed) : [];
  return BrandDomainStore.changeWrites(
    brandId,
    added.map((domain) => fresh(brandId, domain, now)),
    removed.map(
      (domain) => removedRecords.find((record) => record.domain === domain) ?? fresh(brandId, domain, now),
    ),
  );
}
