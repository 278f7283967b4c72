import * as z from "zod";

export const MAX_URL_LENGTH = 2048;

/**
 * Why `raw` is not an absolute http(s) URL without credentials, or undefined when it is. Anything else
 * (`javascript:`, `data:`, `user:pass@host`) could run script or leak secrets where we render it as a link
 * or image, so it is refused at the edge. Referral destinations add their own host rules on top.
 */
export function httpUrlProblem(raw: string): string | undefined {
  if (raw.length > MAX_URL_LENGTH) return `Use at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return "Enter a full URL starting with https://";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Only http and https URLs are allowed";
  if (url.username || url.password) return "URLs may not carry a user name or password";
  if (url.href.length > MAX_URL_LENGTH) return `Use at most ${MAX_URL_LENGTH} characters`;
  return undefined;
}

/** An absolute http(s) URL without credentials (images, avatars, profile links). */
export const HttpUrl = z
  .string()
  .trim()
  .max(MAX_URL_LENGTH, { error: `Use at most ${MAX_URL_LENGTH} characters` })
  .superRefine((value, context) => {
    const problem = httpUrlProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });
