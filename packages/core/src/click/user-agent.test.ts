import { describe, expect, it } from "vitest";
import { classifyRequest } from "./user-agent";

const CHROME_DESKTOP =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const IPAD =
  "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

describe("classifyRequest", () => {
  it.each([
    ["Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"],
    ["facebookexternalhit", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"],
    ["Twitterbot", "Twitterbot/1.0"],
    ["curl", "curl/8.5.0"],
    ["python-requests", "python-requests/2.32.3"],
    [
      "headless Chrome",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0.0.0 Safari/537.36",
    ],
    ["no user agent", ""],
  ])("%s is a bot", (_name, agent) => {
    expect(classifyRequest("GET", agent)).toMatchObject({ bot: true, device: "bot" });
  });

  it.each([
    [
      "Instagram",
      `${SAFARI_IPHONE} Instagram 330.0.0.40.92 (iPhone15,2; iOS 17_5; en_US)`,
      "Instagram",
      "mobile",
    ],
    ["Facebook", `${SAFARI_IPHONE} [FBAN/FBIOS;FBAV/470.0.0.40.95;FBBV/123]`, "Facebook", "mobile"],
    ["TikTok", `${SAFARI_IPHONE} musical_ly_35.3.0 JsSdk/2.0 BytedanceWebview/d8a21c6`, "TikTok", "mobile"],
    ["Chrome on Windows", CHROME_DESKTOP, "Chrome", "desktop"],
    ["Safari on iPhone", SAFARI_IPHONE, "Safari", "mobile"],
    ["Safari on iPad", IPAD, "Safari", "tablet"],
    [
      "Firefox",
      "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
      "Firefox",
      "desktop",
    ],
    ["Edge", `${CHROME_DESKTOP} Edg/126.0.0.0`, "Edge", "desktop"],
  ])("%s is a person", (_name, agent, browser, device) => {
    expect(classifyRequest("GET", agent)).toEqual({ bot: false, browser, device });
  });

  it("counts any HEAD request as a bot, whatever it claims", () => {
    expect(classifyRequest("HEAD", CHROME_DESKTOP)).toMatchObject({ bot: true, device: "bot" });
    expect(classifyRequest("GET", CHROME_DESKTOP).bot).toBe(false);
  });
});
