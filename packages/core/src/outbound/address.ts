import { isIP } from "node:net";

/**
 * The one address classifier: whether the platform must never send a request to (or a visitor to) an
 * address. Used by link destinations (synchronously, on the URL's host as the URL parser normalised it)
 * and by the outbound guard (on every address a name resolves to). Refused: loopback, private (RFC 1918,
 * unique local), link-local (cloud metadata at 169.254.169.254 lives there), carrier-grade NAT,
 * unspecified, multicast, documentation, benchmarking and reserved ranges, and IPv6 forms that carry an
 * IPv4 address (mapped, compatible, NAT64, 6to4, Teredo). Anything that is not an IP address is refused.
 */
export function isRefusedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const version = isIP(bare);
  if (version === 4) return isRefusedV4(bare);
  if (version !== 6) return true;
  const words = expandV6(bare.toLowerCase());
  if (!words) return true;
  const [first = 0, second = 0] = words;
  const v4At = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  if (words.slice(0, 5).every((word) => word === 0) && words[5] === 0xffff)
    return isRefusedV4(v4At(words[6] ?? 0, words[7] ?? 0)); // ::ffff:a.b.c.d, mapped
  if (words.slice(0, 6).every((word) => word === 0)) return true; // ::, ::1 and IPv4-compatible (deprecated)
  if (first === 0x64 && second === 0xff9b) return true; // NAT64 64:ff9b::/96 and 64:ff9b:1::/48
  if (first === 0x2002) return isRefusedV4(v4At(second, words[2] ?? 0)); // 6to4 carries an IPv4 address
  if (first === 0x2001 && second === 0) return true; // Teredo
  if (first === 0x2001 && second === 0xdb8) return true; // documentation
  if (first === 0x100 && words.slice(1, 4).every((word) => word === 0)) return true; // discard-only
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xffc0) === 0xfec0 || // site-local (deprecated)
    (first & 0xff00) === 0xff00 // multicast
  );
}

function isRefusedV4(address: string): boolean {
  const [a = 0, b = 0, c = 0] = address.split(".").map(Number);
  return (
    a === 0 || // "this network", 0.0.0.0
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) || // IETF assignments, documentation
    (a === 192 && b === 88 && c === 99) || // 6to4 relay anycast
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    (a === 198 && b === 51 && c === 100) || // documentation
    (a === 203 && b === 0 && c === 113) || // documentation
    a >= 224 // multicast, reserved, broadcast
  );
}

function expandV6(address: string): number[] | undefined {
  let text = address;
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) becomes two words.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail, extra] = text.split("::");
  if (extra !== undefined) return undefined;
  const parse = (part: string) => (part ? part.split(":").map((word) => Number.parseInt(word, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const words = [...left, ...new Array<number>(missing).fill(0), ...right];
  return words.some((word) => Number.isNaN(word) || word < 0 || word > 0xffff) ? undefined : words;
}

/**
 * Host names that only mean something inside a network (`localhost`, `*.localhost`, `.local`,
 * `.internal`, `.localdomain`, `home.arpa`) or have a single label (`intranet`): refused without asking DNS.
 * `host` is the URL parser's hostname (lowercase, IPv6 in brackets).
 */
export function isLocalName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  if (name.startsWith("[") || isIP(name)) return false;
  return /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/.test(name) || !name.includes(".");
}

/** Whether a URL's host (as `new URL().hostname` gives it) is refused on its face: a local name or a refused IP. */
export function isRefusedHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  if (!name) return true;
  const bare = name.replace(/^\[|\]$/g, "");
  return isIP(bare) ? isRefusedAddress(bare) : isLocalName(name);
}
