import { isRefusedHost } from "../outbound/address";
import { httpUrlProblem, MAX_URL_LENGTH } from "../util/url";

export const MAX_DESTINATION_LENGTH = MAX_URL_LENGTH;

/** Why a destination is refused; the message is shown to the creator. */
export type DestinationProblem = string;

/**
 * Where a referral link may send people: an absolute http(s) URL of at most 2 048 characters, without
 * credentials, to a public host. Loopback, private, link-local, CGNAT, unspecified and multicast
 * addresses are refused in every spelling the URL parser accepts (dotted, decimal, hex, octal, IPv6,
 * IPv4-mapped IPv6) because the parser normalises them all to a canonical address first. The classifier
 * is the outbound guard's; unlike the guard, this check never asks DNS (it runs on the redirect path).
 * Answers the problem, or undefined when the URL is fine.
 */
export function checkDestination(raw: string): DestinationProblem | undefined {
  const problem = httpUrlProblem(raw);
  if (problem) return problem;
  const url = new URL(raw.trim());
  if (!url.hostname) return "Enter a URL with a host";
  if (isRefusedHost(url.hostname)) return "Links must go to a public website";
  return undefined;
}

/** The stored form of an accepted destination: the parser's canonical href. */
export function normalizeDestination(raw: string): string {
  return new URL(raw.trim()).href;
}
