import type { Link } from "../link";

/**
 * The redirect's Location: the stored destination with UTM parameters (when the link has them) and
 * `sg_click` appended. The existing query is kept byte for byte and the fragment stays last, so nothing the
 * merchant put in its URL changes.
 */
export function buildLocation(destination: string, utm: Link.Utm | undefined, clickId: string): string {
  const hashAt = destination.indexOf("#");
  const base = hashAt === -1 ? destination : destination.slice(0, hashAt);
  const fragment = hashAt === -1 ? "" : destination.slice(hashAt);
  const params: [string, string][] = [];
  if (utm?.source) params.push(["utm_source", utm.source]);
  if (utm?.medium) params.push(["utm_medium", utm.medium]);
  if (utm?.campaign) params.push(["utm_campaign", utm.campaign]);
  params.push(["sg_click", clickId]);
  const query = params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("&");
  const separator = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${separator}${query}${fragment}`;
}
