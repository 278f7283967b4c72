export * as Outbound from "./index";

import { lookup as dnsLookup } from "node:dns/promises";
import type { IncomingHttpHeaders } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { config } from "../config";
import { AppError } from "../util/errors";
import { httpUrlProblem } from "../util/url";
import { isRefusedAddress, isRefusedHost } from "./address";

export { isLocalName, isRefusedAddress, isRefusedHost } from "./address";

/**
 * The outbound guard: every request the platform's servers send to a URL someone else chose (webhook
 * pings and deliveries today; product-page import and domain verification later) goes through `fetch`
 * here, so no user can point the platform at its own network. The rules, in one place:
 *
 * - https only; plain http only to an allowlisted host.
 * - The host may not be private, loopback, link-local (cloud metadata), CGNAT, unspecified, multicast or
 *   reserved (`isRefusedAddress`) in any spelling, nor a local-only name (`localhost`, `*.localhost`, …).
 * - A name is resolved and EVERY address it resolves to must pass; the connection is then made to the
 *   address that was checked (a custom `lookup` on the request), so a name that changes its answer between
 *   the check and the connect (DNS rebinding) cannot slip through. Registration checks (`check`) and every
 *   send checks again.
 * - Redirects are never followed: a 3xx is answered to the caller as it came.
 * - Private targets only for exact `host` or `host:port` entries in `SHOPGUIDE_OUTBOUND_ALLOW_HOSTS` (the
 *   tests' receivers); there is no switch that opens everything.
 */

/** One resolved address, as `dns.lookup` with `all` gives it. */
export type ResolvedAddress = { address: string; family: number };
/** Answers every address a name resolves to. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });
let resolver: Resolver = systemResolver;

/**
 * Replaces name resolution (tests only: a name that answers a private address, or changes its answer
 * between registration and send). Without an argument, the system resolver again. Answers the previous one.
 */
export function useResolver(next?: Resolver): Resolver {
  const previous = resolver;
  resolver = next ?? systemResolver;
  return previous;
}

/** The URL's host may not be reached: the message says why and is safe to show to whoever gave the URL. */
export class OutboundRefusedError extends AppError {
  constructor(message: string) {
    super("validation", "outbound_address_refused", message);
  }
}

/** The request was allowed but did not complete: connection error, TLS error or timeout. */
export class OutboundFailedError extends AppError {
  constructor(message: string, cause?: unknown) {
    super("bad_request", "outbound_failed", message, undefined, { cause });
  }
}

const REFUSED_HOST = "The URL must be on a public host, not a private, loopback or local address";

/**
 * Whether the URL's host is allowlisted: an entry equals its `host:port` or bare host, AND the URL spells
 * the host exactly that way. `http://0x7f000001/` reaches the same address as `http://127.0.0.1/` but is
 * not the allowlisted spelling, so it is judged like any other URL (and refused).
 */
function allowlisted(raw: string, url: URL): boolean {
  const allowed = config().outboundAllowHosts;
  if (allowed.length === 0) return false;
  const written = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\\]*)/i.exec(raw.trim())?.[1]?.toLowerCase();
  const host = url.host.toLowerCase();
  if (written !== host) return false;
  return allowed.includes(host) || allowed.includes(url.hostname.toLowerCase());
}

/**
 * Why `raw` may not be requested, judged on the URL alone (no DNS), or undefined when it passes this
 * first look: an absolute http(s) URL without credentials, https unless allowlisted, and a host that is
 * neither a refused address nor a local-only name unless allowlisted.
 */
export function problem(raw: string): string | undefined {
  const found = httpUrlProblem(raw);
  if (found) return found;
  const url = new URL(raw.trim());
  if (allowlisted(raw, url)) return undefined;
  if (url.protocol !== "https:") return "The URL must use https";
  if (isRefusedHost(url.hostname)) return REFUSED_HOST;
  return undefined;
}

/**
 * Every address `hostname` resolves to, all checked; throws OutboundRefusedError when the name does not
 * resolve or any address is refused (one private answer among public ones refuses the whole name, since
 * the connection could go to any of them).
 */
async function resolveChecked(hostname: string, checked: boolean): Promise<ResolvedAddress[]> {
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolver(hostname);
  } catch (error) {
    throw new OutboundFailedError(`The host ${hostname} could not be resolved`, error);
  }
  if (addresses.length === 0) throw new OutboundFailedError(`The host ${hostname} could not be resolved`);
  if (checked && addresses.some((entry) => isRefusedAddress(entry.address))) {
    throw new OutboundRefusedError(`${REFUSED_HOST} (${hostname} resolves to one)`);
  }
  return addresses;
}

/**
 * The full check before storing a URL the platform will later request (a webhook endpoint): `problem`,
 * then the name is resolved and every address must pass. Answers why not, or undefined. Send time checks
 * again, whatever this answered.
 */
export async function check(raw: string): Promise<string | undefined> {
  const found = problem(raw);
  if (found) return found;
  const url = new URL(raw.trim());
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (allowlisted(raw, url) || isIP(host)) return undefined;
  try {
    await resolveChecked(host, true);
    return undefined;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}

/** The lookup the connection uses: resolves through `resolver`, checks every answer, connects to those. */
function guardedLookup(checked: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolveChecked(hostname, checked).then(
      (addresses) => {
        const wanted = options.family
          ? addresses.filter((entry) => entry.family === options.family)
          : addresses;
        if (options.all) return callback(null, wanted);
        const [first] = wanted;
        if (!first) return callback(new OutboundFailedError(`No address for ${hostname}`), "", 0);
        return callback(null, first.address, first.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, "", 0),
    );
  };
}

export interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface FetchOptions {
  /** The whole exchange, connect to last body byte. */
  timeoutMs: number;
  /** Response body bytes kept; the rest is not read (`truncated` is then true). */
  maxBytes: number;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body was longer than `maxBytes` and was cut there. */
  truncated: boolean;
}

/**
 * One request through the guard. Throws OutboundRefusedError before anything is sent when the URL or any
 * address its name resolves to is refused, and OutboundFailedError when the request does not complete in
 * `timeoutMs`. Any HTTP status, 3xx included (never followed: `location` is in the headers), is an answer.
 */
export function fetch(raw: string, init: RequestInit, options: FetchOptions): Promise<OutboundResponse> {
  const refused = problem(raw);
  if (refused) return Promise.reject(new OutboundRefusedError(refused));
  const target = new URL(raw.trim());
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  return new Promise((done, fail) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const outgoing = send(
      target,
      {
        method: init.method ?? "GET",
        headers: {
          ...init.headers,
          ...(body ? { "content-length": String(body.length) } : {}),
        },
        lookup: guardedLookup(!allowlisted(raw, target)),
        // One fresh connection per request: a pooled socket would skip the lookup, and so the check.
        agent: false,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const respond = (truncated: boolean) =>
          finish(() =>
            done({
              status: answer.statusCode ?? 0,
              headers: answer.headers,
              body: Buffer.concat(chunks).subarray(0, options.maxBytes),
              truncated,
            }),
          );
        answer.on("data", (chunk: Buffer) => {
          if (settled) return;
          chunks.push(chunk);
          size += chunk.length;
          if (size > options.maxBytes) {
            respond(true);
            outgoing.destroy();
          }
        });
        answer.on("end", () => respond(false));
        answer.on("error", (error) =>
          finish(() => fail(new OutboundFailedError(error.message.slice(0, 200), error))),
        );
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy();
      finish(() => fail(new OutboundFailedError(`No answer within ${options.timeoutMs / 1000} s`)));
    }, options.timeoutMs);
    outgoing.on("error", (error) =>
      finish(() =>
        fail(error instanceof AppError ? error : new OutboundFailedError(error.message.slice(0, 200), error)),
      ),
    );
    outgoing.end(body);
  });
}
