import { isIP } from "node:net";
import { httpUrlProblem } from "../util/url";

/**
 * Whether an IP address is one a webhook must not reach: loopback, private (RFC 1918, unique local),
 * link-local (cloud metadata lives there), carrier-grade NAT, unspecified, multicast and reserved ranges,
 * and IPv4 addresses mapped into IPv6. Checked on the URL's host and again on every resolved address
 * before connecting, so a public name that resolves to a private address is refused too.
 */
export function isPrivateAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return isPrivateV4(address);
  if (version !== 6) return true;
  const lower = address.toLowerCase();
  const mapped = lower.match(/^(?:0{0,4}:){0,5}ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped?.[1]) return isPrivateV4(mapped[1]);
  const words = expandV6(lower);
  if (!words) return true;
  const [first = 0] = words;
  if (words.every((word) => word === 0)) return true; // ::
  if (words.slice(0, 7).every((word) => word === 0) && words[7] === 1) return true; // ::1
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((first & 0xff00) === 0xff00) return true; // multicast
  if (words.slice(0, 6).every((word) => word === 0)) return true; // IPv4-compatible (deprecated)
  if (first === 0x64 && words[1] === 0xff9b) return true; // NAT64 into any IPv4
  return false;
}

function isPrivateV4(address: string): boolean {
  const [a = 0, b = 0] = address.split(".").map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

function expandV6(address: string): number[] | undefined {
  const [head = "", tail] = address.split("::");
  const parse = (part: string) => (part ? part.split(":").map((word) => Number.parseInt(word, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const words = [...left, ...new Array<number>(missing).fill(0), ...right];
  return words.some((word) => Number.isNaN(word)) ? undefined : words;
}

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/;

/**
 * Why `raw` cannot be a webhook endpoint, or undefined when it can: the shared http(s) check, then https
 * only and no private, loopback or local-only host, unless `allowPrivate` (the local runner and tests).
 */
export function endpointUrlProblem(raw: string, allowPrivate: boolean): string | undefined {
  const problem = httpUrlProblem(raw);
  if (problem) return problem;
  if (allowPrivate) return undefined;
  const url = new URL(raw.trim());
  if (url.protocol !== "https:") return "Webhook endpoints must use https";
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(host) ? isPrivateAddress(host) : LOCAL_NAMES.test(host) || !host.includes(".")) {
    return "Webhook endpoints must be on a public host, not a private, loopback or local address";
  }
  return undefined;
}
