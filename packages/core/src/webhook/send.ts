import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { isPrivateAddress } from "./address";

export const TIMEOUT_MS = 10_000;

export type SendResult = { ok: true; statusCode: number } | { ok: false; statusCode?: number; error: string };

/**
 * Resolves as usual, then refuses private addresses: the URL was checked when registered, but a public
 * name may later resolve to 127.0.0.1 or the metadata service (DNS rebinding).
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const allowed = addresses.filter((entry) => !isPrivateAddress(entry.address));
    if (allowed.length === 0 || allowed.length !== addresses.length)
      return callback(new Error(`${hostname} resolves to a private address`), "", 0);
    if (options.all) return callback(null, allowed);
    const [first] = allowed;
    return first ? callback(null, first.address, first.family) : callback(new Error("no address"), "", 0);
  });
};

/**
 * One POST of a webhook body. 2xx is success; any other status, a connection error or no complete answer
 * within TIMEOUT_MS is a failure to retry. Redirects are not followed (a 3xx is a failure).
 */
export function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean },
): Promise<SendResult> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((done) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(result);
    };
    const outgoing = send(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }),
      },
      (answer) => {
        const statusCode = answer.statusCode ?? 0;
        // The answer's body means nothing to us; read and drop it so the socket is freed.
        answer.resume();
        answer.on("end", () =>
          finish(
            statusCode >= 200 && statusCode < 300
              ? { ok: true, statusCode }
              : { ok: false, statusCode, error: `HTTP ${statusCode}` },
          ),
        );
        answer.on("error", () => finish({ ok: false, statusCode, error: `HTTP ${statusCode}` }));
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy();
      finish({ ok: false, error: `No answer within ${TIMEOUT_MS / 1000} s` });
    }, TIMEOUT_MS);
    outgoing.on("error", (error) => finish({ ok: false, error: error.message.slice(0, 200) }));
    outgoing.end(body);
  });
}
