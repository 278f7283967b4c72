import { isbot } from "isbot";

export type Device = "mobile" | "tablet" | "desktop" | "bot" | "other";

export interface Visitor {
  bot: boolean;
  device: Device;
  /** Browser family, or the app whose in-app browser it is (Instagram, Facebook, TikTok). */
  browser: string;
}

/** In-app browsers of the big social apps: real people tapping a link inside the app, never bots. */
const IN_APP: [RegExp, string][] = [
  [/\bInstagram\b/, "Instagram"],
  [/FBAN\/|FBAV\/|FB_IAB\/|\bFBIOS\b/, "Facebook"],
  [/musical_ly|BytedanceWebview|\bTikTok\b|\btrill_\d/, "TikTok"],
];

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\bChrome\/|\bCriOS\//, "Chrome"],
  [/\bSafari\//, "Safari"],
];

function deviceOf(userAgent: string): Device {
  if (/\biPad\b|\bTablet\b|Android(?!.*\bMobile\b)/.test(userAgent)) return "tablet";
  if (/\bMobi|\biPhone\b|\biPod\b|\bAndroid\b/.test(userAgent)) return "mobile";
  if (/\bWindows\b|\bMacintosh\b|\bX11\b|\bCrOS\b|\bLinux\b/.test(userAgent)) return "desktop";
  return "other";
}

function classifyUncached(userAgent: string): Visitor {
  const app = IN_APP.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (app) return { bot: false, device: deviceOf(userAgent), browser: app };
  // No browser sends an empty User-Agent; scripts and probes do.
  if (!userAgent.trim() || isbot(userAgent)) return { bot: true, device: "bot", browser: "Bot" };
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? "Other";
  return { bot: false, device: deviceOf(userAgent), browser };
}

const MAX_REMEMBERED = 5_000;
const remembered = new Map<string, Visitor>();

/**
 * Who is behind a user agent. isbot's pattern is large, so each distinct user agent is classified once per
 * process (a bounded memo: real traffic has a few hundred distinct agents).
 */
export function classifyUserAgent(userAgent: string | undefined): Visitor {
  const agent = (userAgent ?? "").slice(0, 512);
  const known = remembered.get(agent);
  if (known) return known;
  const visitor = classifyUncached(agent);
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(agent, visitor);
  return visitor;
}

/** A HEAD request is a link checker or preview fetcher, whatever it claims to be. */
export function classifyRequest(method: string, userAgent: string | undefined): Visitor {
  const visitor = classifyUserAgent(userAgent);
  return method.toUpperCase() === "HEAD" ? { ...visitor, bot: true, device: "bot" } : visitor;
}
