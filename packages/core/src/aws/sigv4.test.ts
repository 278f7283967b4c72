import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { type Credentials, type SignableRequest, sign } from "./sigv4";

// The credentials of AWS's published Signature Version 4 test suite.
const EXAMPLE: Credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const AT = new Date("2015-08-30T12:36:00Z");

/** Query parameters as the SDK's request holds them: a repeated name becomes a list. */
function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}

/** The same request signed by the AWS SDK's own signer, the reference our few lines must match. */
async function referenceSignature(request: SignableRequest): Promise<string> {
  const signer = new SignatureV4({
    service: request.service,
    region: request.region,
    credentials: request.credentials,
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      port: request.url.port ? Number(request.url.port) : undefined,
      path: request.url.pathname,
      query: queryOf(request.url),
      headers: { ...request.headers, host: request.url.host },
      body: request.body,
    }),
    { signingDate: request.at },
  );
  return String(signed.headers.authorization);
}

describe("SigV4", () => {
  it("matches AWS's published get-vanilla example", () => {
    const headers = sign({
      method: "GET",
      url: new URL("https://example.amazonaws.com/"),
      headers: {},
      body: "",
      service: "service",
      region: "us-east-1",
      credentials: EXAMPLE,
      at: AT,
    });
    expect(headers["x-amz-date"]).toBe("20150830T123600Z");
    expect(headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
        "SignedHeaders=host;x-amz-date, " +
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
  });

  const cases: [string, SignableRequest][] = [
    [
      "a DynamoDB PutItem",
      {
        method: "POST",
        url: new URL("https://dynamodb.eu-west-1.amazonaws.com/"),
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.PutItem",
        },
        body: JSON.stringify({ TableName: "shopguide", Item: { pk: { S: "CLICK#clk_1" }, n: { N: "1" } } }),
        service: "dynamodb",
        region: "eu-west-1",
        credentials: { ...EXAMPLE, sessionToken: "FwoGZXIvYXdzEXAMPLE//token+with/odd=chars" },
        at: new Date("2026-11-22T01:02:03.456Z"),
      },
    ],
    [
      "a query string with reserved characters, repeated names and a non-ASCII body",
      {
        method: "GET",
        url: new URL("http://localhost:8000/a%20b/c?z=1&a=2&a=1&sp=x y&star=*!()'"),
        headers: { "x-custom": "  two   spaces  " },
        body: "grüße",
        service: "ssm",
        region: "us-east-1",
        credentials: EXAMPLE,
        at: AT,
      },
    ],
  ];

  it.each(cases)("signs %s exactly as the SDK's signer does", async (_name, request) => {
    expect(sign(request).authorization).toBe(await referenceSignature(request));
  });

  it("adds the session token of temporary credentials and signs it", () => {
    const headers = sign({ ...(cases[0] as [string, SignableRequest])[1] });
    expect(headers["x-amz-security-token"]).toBe("FwoGZXIvYXdzEXAMPLE//token+with/odd=chars");
    expect(headers.authorization).toContain(
      "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target",
    );
  });
});
