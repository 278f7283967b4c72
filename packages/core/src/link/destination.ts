import { isIP } from "node:net";

export const MAX_DESTINATION_LENGTH = 2048;

/** Why a destination is refused; the message is shown to the creator. */
export type DestinationProblem = string;

/**
 * Where a referral link may send people: an absolute http(s) URL of at most 2 048 characters, without
 * credentials, to a public host. Loopback, private, link-local, CGNAT, unspecified and multicast
 * addresses are refused in every spelling the URL parser accepts (dotted, decimal, hex, octal, IPv6,
 * IPv4-mapped IPv6) because the parser normalises them all to a canonical address first.
 * Answers the problem, or undefined when the URL is fine.
 */
export function checkDestination(raw: string): DestinationProblem | undefined {
  if (raw.length > MAX_DESTINATION_LENGTH) return `Use at most ${MAX_DESTINATION_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return "Enter a full URL starting with https://";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Only http and https links are allowed";
  if (url.username || url.password) return "Links may not carry a user name or password";
  if (url.href.length > MAX_DESTINATION_LENGTH) return `Use at most ${MAX_DESTINATION_LENGTH} characters`;
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (!host) return "Enter a URL with a host";
  if (isInternalName(host)) return "Links must go to a public website";
  const address = host.startsWith("[") ? host.slice(1, -1) : host;
  const family = isIP(address);
  if (family === 4 && isPrivateIpv4(address)) return "Links must go to a public website";
  if (family === 6 && isPrivateIpv6(address)) return "Links must go to a public website";
  if (family === 0 && !host.includes(".")) return "Links must go to a public website";
  return undefined;
}

/** The stored form of an accepted destination: the parser's canonical href. */
export function normalizeDestination(raw: string): string {
  return new URL(raw.trim()).href;
}

function isInternalName(host: string): boolean {
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".local") ||
    host.endsWith(".internal") ||
    host.endsWith(".localdomain")
  );
}

function ipv4Octets(address: string): number[] {
  return address.split(".").map(Number);
}

export function isPrivateIpv4(address: string): boolean {
  const [a = 0, b = 0] = ipv4Octets(address);
  return (
    a === 0 || // "this network", 0.0.0.0
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF protocol assignments, 192.0.0.0/24 and 192.0.2.0/24 docs
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  );
}

export function isPrivateIpv6(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower === "::" || lower === "::1") return true;
  // IPv4-mapped (::ffff:a.b.c.d, which the URL parser writes as ::ffff:xxxx:xxxx) and NAT64 forms.
  const mapped = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mapped?.[1] && mapped[2]) {
    const high = Number.parseInt(mapped[1], 16);
    const low = Number.parseInt(mapped[2], 16);
    return isPrivateIpv4(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  const dotted = /^(?:::ffff:|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return isPrivateIpv4(dotted[1]);
  const first = Number.parseInt(lower.split(":")[0] || "0", 16);
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xffc0) === 0xfec0 || // site-local (deprecated)
    (first & 0xff00) === 0xff00 || // multicast
    lower.startsWith("::") // other IPv4-compatible and unspecified forms
  );
}
