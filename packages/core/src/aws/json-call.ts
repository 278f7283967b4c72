import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { retry } from "../util/retry";
import { type Credentials, sign } from "./sigv4";

export interface Service {
  /** Signing name, e.g. `dynamodb`, `ssm`. */
  name: string;
  /** Target prefix of the JSON protocol, e.g. `DynamoDB_20120810`, `AmazonSSM`. */
  targetPrefix: string;
  /** `application/x-amz-json-1.0` or `-1.1`. */
  jsonVersion: "1.0" | "1.1";
  endpoint: string;
  region: string;
  credentials: () => Credentials;
}

/** An error answer from an AWS JSON API: `name` is the short `__type` (e.g. ConditionalCheckFailedException). */
export class AwsError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const THROTTLED = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "LimitExceededException",
  "InternalServerError",
  "ServiceUnavailable",
]);

const MAX_ATTEMPTS = 4;
const TIMEOUT_MS = 5_000;
/** Kept-alive connections, as the SDK does: a fresh TLS handshake per call would cost more than the call. */
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

/** Lambda's role credentials, which the runtime puts in the environment. */
export function environmentCredentials(): Credentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error("No AWS credentials in the environment");
  return { accessKeyId, secretAccessKey, sessionToken: process.env.AWS_SESSION_TOKEN || undefined };
}

function send(
  url: URL,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  const agent = url.protocol === "https:" ? agents.https : agents.http;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: "POST", headers, agent, timeout: TIMEOUT_MS }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("end", () =>
        resolve({ status: answer.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
      );
      answer.on("error", reject);
    });
    outgoing.on("timeout", () =>
      outgoing.destroy(new Error(`No answer from ${url.host} in ${TIMEOUT_MS} ms`)),
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

function errorOf(status: number, text: string): AwsError {
  let parsed: { __type?: string; message?: string; Message?: string } = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's page, a cut connection): keep the status.
  }
  const name = parsed.__type?.split("#").at(-1) ?? `Http${status}`;
  const message = parsed.message ?? parsed.Message ?? (text.slice(0, 200) || `HTTP ${status}`);
  return new AwsError(name, message, status, status >= 500 || THROTTLED.has(name));
}

/**
 * One call of an AWS JSON-protocol API (DynamoDB, SSM), signed with SigV4, retried with full-jitter
 * backoff on throttling, 5xx and dropped connections. Only for idempotent calls (GetItem, PutItem of a
 * fresh id, GetParameters): a retry may repeat a call whose answer was lost.
 */
export async function callJson<T>(service: Service, operation: string, input: unknown): Promise<T> {
  const url = new URL(service.endpoint);
  const body = JSON.stringify(input);
  const credentials = service.credentials();
  const attempt = async () => {
    // Signed with the real time, never the platform clock: AWS refuses signatures more than 5 min off.
    const headers = sign({
      method: "POST",
      url,
      headers: {
        "content-type": `application/x-amz-json-${service.jsonVersion}`,
        "x-amz-target": `${service.targetPrefix}.${operation}`,
      },
      body,
      service: service.name,
      region: service.region,
      credentials,
      at: new Date(),
    });
    headers["content-length"] = String(Buffer.byteLength(body));
    const answer = await send(url, headers, body);
    if (answer.status === 200) return JSON.parse(answer.text) as T;
    throw errorOf(answer.status, answer.text);
  };
  // Refused or dropped connections and timeouts are worth another try, as are throttling and 5xx.
  return retry(attempt, {
    attempts: MAX_ATTEMPTS,
    baseMs: 50,
    capMs: 1000,
    retryable: (failure) => !(failure instanceof AwsError) || failure.retryable,
  });
}
