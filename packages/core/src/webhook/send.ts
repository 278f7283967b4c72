import { Outbound } from "../outbound";

export const TIMEOUT_MS = 10_000;
/** A receiver's answer body means nothing to us; this much is read before the socket is dropped. */
const MAX_ANSWER_BYTES = 16 * 1024;

export type SendResult = { ok: true; statusCode: number } | { ok: false; statusCode?: number; error: string };

/**
 * One POST of a webhook body, through the outbound guard (so the endpoint's host is checked again now,
 * against what its name resolves to at this moment). 2xx is success; any other status, a refused address,
 * a connection error or no complete answer within TIMEOUT_MS is a failure to retry. Redirects are not
 * followed (a 3xx is a failure).
 */
export async function post(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
  try {
    const answer = await Outbound.fetch(
      url,
      { method: "POST", headers, body },
      { timeoutMs: TIMEOUT_MS, maxBytes: MAX_ANSWER_BYTES },
    );
    const statusCode = answer.status;
    return statusCode >= 200 && statusCode < 300
      ? { ok: true, statusCode }
      : { ok: false, statusCode, error: `HTTP ${statusCode}` };
  } catch (error) {
    if (error instanceof Outbound.OutboundRefusedError || error instanceof Outbound.OutboundFailedError)
      return { ok: false, error: error.message.slice(0, 200) };
    throw error;
  }
}
