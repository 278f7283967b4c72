import { z } from "zod";

/**
 * An absolute http(s) URL without credentials. Anything else (`javascript:`, `data:`, `user:pass@host`)
 * could run script or leak secrets where we render it as a link or image, so it is refused at the edge.
 */
export const HttpUrl = z
  .string()
  .trim()
  .max(2048, { error: "Use at most 2048 characters" })
  .superRefine((value, context) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      context.addIssue({ code: "custom", message: "Enter a full URL starting with https://" });
      return;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      context.addIssue({ code: "custom", message: "Only http and https URLs are allowed" });
    } else if (url.username || url.password) {
      context.addIssue({ code: "custom", message: "URLs may not carry a user name or password" });
    }
  });
