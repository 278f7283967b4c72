/**
 * The two ways a brand proves it controls a domain, each answering what it found in words the brand can act
 * on. DNS goes through node:dns (servers from `SHOPGUIDE_DNS_SERVERS`, else the system's); the well-known
 * file goes through the one outbound guard like every other server-side fetch.
 */
import { Resolver } from "node:dns/promises";
import { config } from "../config";
import { Outbound } from "../outbound";
import { AppError } from "../util/errors";
import { type Method, TXT_PREFIX, WELL_KNOWN_PATH } from "./schema";

export type Proof = { proven: true; method: Method } | { proven: false; error: string };

/** What both the TXT record and the file must carry. */
export const expected = (token: string) => `shopguide-verify=${token}`;
export const txtName = (domain: string) => `${TXT_PREFIX}.${domain}`;
export const wellKnownUrl = (domain: string) => `https://${domain}${WELL_KNOWN_PATH}`;

/** Tries the TXT record, then the well-known file; the first that carries the token proves the domain. */
export async function prove(domain: string, token: string): Promise<Proof> {
  const dns = await byDns(domain, token);
  if (dns === undefined) return { proven: true, method: "dns" };
  const file = await byWellKnown(domain, token);
  if (file === undefined) return { proven: true, method: "well_known" };
  return { proven: false, error: `${dns}. ${file}.` };
}

/** Undefined when a TXT record at `_shopguide.<domain>` is exactly the expected value; else what was found. */
async function byDns(domain: string, token: string): Promise<string | undefined> {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (config().dnsServers.length > 0) resolver.setServers(config().dnsServers);
  const name = txtName(domain);
  let records: string[][];
  try {
    records = await resolver.resolveTxt(name);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOTFOUND" || code === "ENODATA") return `No TXT record at ${name}`;
    return `The DNS lookup of ${name} failed (${code ?? "error"})`;
  }
  const values = records.map((chunks) => chunks.join(""));
  if (values.includes(expected(token))) return undefined;
  const ours = values.filter((value) => value.startsWith("shopguide-verify="));
  return ours.length > 0
    ? `The TXT record at ${name} carries a different token (${ours[0]?.slice(0, 80)})`
    : `No TXT record at ${name} starts with shopguide-verify=`;
}

/** Undefined when the well-known file answers 200 with the expected value on a line of its own. */
async function byWellKnown(domain: string, token: string): Promise<string | undefined> {
  const url = wellKnownUrl(domain);
  const origin = config().domainCheckOrigin;
  try {
    const answer = await Outbound.fetch(
      origin ? `${origin}${WELL_KNOWN_PATH}` : url,
      { headers: { accept: "text/plain", ...(origin ? { host: domain } : {}) } },
      { timeoutMs: 5000, maxBytes: 4096 },
    );
    if (answer.status !== 200) return `${url} answered HTTP ${answer.status}`;
    const lines = answer.body
      .toString("utf8")
      .split(/\r?\n/)
      .map((line) => line.trim());
    if (lines.includes(expected(token))) return undefined;
    return `${url} does not contain ${expected(token).replace(token, "<your token>")} for this brand`;
  } catch (error) {
    if (error instanceof AppError) return `${url} could not be fetched: ${error.message}`;
    throw error;
  }
}
