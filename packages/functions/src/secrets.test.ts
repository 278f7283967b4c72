import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { loadBoundSecrets } from "./secrets";

const BOUND_ENV = {
  SST_SSM_PREFIX: "/sst/shopguide/prod/",
  SST_Secret_value_SHOPGUIDE_IP_HASH_SECRET: "__FETCH_FROM_SSM__",
  SST_Secret_value_SHOPGUIDE_SECRETS_KEY: "__FETCH_FROM_SSM__",
  AWS_ACCESS_KEY_ID: "ASIAEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "example-secret",
  AWS_SESSION_TOKEN: "example-token",
  AWS_REGION: "eu-west-1",
};
const saved = { ...process.env };

afterEach(() => {
  for (const name of [
    ...Object.keys(BOUND_ENV),
    "AWS_ENDPOINT_URL_SSM",
    "AWS_ENDPOINT_URL_SECRETS_MANAGER",
    "SHOPGUIDE_IP_HASH_SECRET",
    "SHOPGUIDE_SECRETS_KEY",
    "SHOPGUIDE_PUBLIC_URL",
    "SHOPGUIDE_PUBLIC_URL_PARAMETER",
    "SHOPGUIDE_ORIGIN_SECRET",
    "SHOPGUIDE_ORIGIN_SECRET_ARN",
  ]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** A stand-in for SSM's GetParameters on a local port: records each request, answers with `answer`. */
async function ssmStandIn(answer: (names: string[]) => unknown) {
  const seen: { headers: IncomingHttpHeaders; body: { Names: string[]; WithDecryption: boolean } }[] = [];
  const server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk) => {
      raw += chunk;
    });
    request.on("end", () => {
      const body = JSON.parse(raw);
      seen.push({ headers: request.headers, body });
      response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      response.end(JSON.stringify(answer(body.Names)));
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  Object.assign(process.env, BOUND_ENV, {
    AWS_ENDPOINT_URL_SSM: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  delete process.env.SHOPGUIDE_IP_HASH_SECRET;
  delete process.env.SHOPGUIDE_SECRETS_KEY;
  return { seen, close: () => server.close() };
}

describe("secrets bound by SST", () => {
  it("are fetched in one signed GetParameters call and put in the environment", async () => {
    const ssm = await ssmStandIn((names) => ({
      Parameters: names.map((name) => ({ Name: name, Value: `value of ${name.split("/").at(-2)}` })),
      InvalidParameters: [],
    }));
    try {
      await loadBoundSecrets();
      expect(ssm.seen).toHaveLength(1);
      const [call] = ssm.seen;
      expect(call?.headers["x-amz-target"]).toBe("AmazonSSM.GetParameters");
      expect(call?.headers["content-type"]).toBe("application/x-amz-json-1.1");
      expect(call?.headers["x-amz-security-token"]).toBe("example-token");
      expect(call?.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/\d{8}\/eu-west-1\/ssm\/aws4_request, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$/,
      );
      expect(call?.body).toEqual({
        Names: [
          "/sst/shopguide/prod/Secret/SHOPGUIDE_IP_HASH_SECRET/value",
          "/sst/shopguide/prod/Secret/SHOPGUIDE_SECRETS_KEY/value",
        ],
        WithDecryption: true,
      });
      expect(process.env.SHOPGUIDE_IP_HASH_SECRET).toBe("value of SHOPGUIDE_IP_HASH_SECRET");
      expect(process.env.SHOPGUIDE_SECRETS_KEY).toBe("value of SHOPGUIDE_SECRETS_KEY");
    } finally {
      ssm.close();
    }
  });

  it("fail the cold start loudly when a secret is not set for the stage", async () => {
    const ssm = await ssmStandIn((names) => ({ Parameters: [], InvalidParameters: names }));
    try {
      await expect(loadBoundSecrets()).rejects.toThrow(
        /Secrets not set for this stage.*SHOPGUIDE_IP_HASH_SECRET/,
      );
    } finally {
      ssm.close();
    }
  });

  it("are not fetched where nothing is bound", async () => {
    const ssm = await ssmStandIn(() => ({}));
    delete process.env.SST_SSM_PREFIX;
    try {
      await loadBoundSecrets();
      expect(ssm.seen).toHaveLength(0);
    } finally {
      ssm.close();
    }
  });

  it("bring the stage's public URL from its SSM parameter and the origin secret from Secrets Manager", async () => {
    const ssm = await ssmStandIn((names) => ({
      Parameters: names.map((name) => ({
        Name: name,
        Value: name.endsWith("public-url") ? "https://d111.cloudfront.net" : `value of ${name}`,
      })),
      InvalidParameters: [],
    }));
    // The Secrets Manager stand-in: answers GetSecretValue for the one ARN it knows.
    const targets: string[] = [];
    const secretsManager = createServer((request, response) => {
      let raw = "";
      request.on("data", (chunk) => {
        raw += chunk;
      });
      request.on("end", () => {
        targets.push(String(request.headers["x-amz-target"]));
        const known = JSON.parse(raw).SecretId === "arn:aws:secretsmanager:eu-west-1:1:secret:origin";
        response.writeHead(known ? 200 : 400, { "content-type": "application/x-amz-json-1.1" });
        response.end(
          JSON.stringify(known ? { SecretString: "s".repeat(48) } : { __type: "ResourceNotFoundException" }),
        );
      });
    });
    await new Promise<void>((ready) => secretsManager.listen(0, "127.0.0.1", ready));
    delete process.env.SST_Secret_value_SHOPGUIDE_SECRETS_KEY;
    Object.assign(process.env, {
      SHOPGUIDE_PUBLIC_URL_PARAMETER: "/shopguide/prod/public-url",
      SHOPGUIDE_ORIGIN_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:1:secret:origin",
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(secretsManager.address() as AddressInfo).port}`,
    });
    delete process.env.SHOPGUIDE_PUBLIC_URL;
    delete process.env.SHOPGUIDE_ORIGIN_SECRET;
    try {
      await loadBoundSecrets();
      expect(ssm.seen).toHaveLength(1);
      expect(ssm.seen[0]?.body.Names).toEqual([
        "/sst/shopguide/prod/Secret/SHOPGUIDE_IP_HASH_SECRET/value",
        "/shopguide/prod/public-url",
      ]);
      expect(process.env.SHOPGUIDE_PUBLIC_URL).toBe("https://d111.cloudfront.net");
      expect(targets).toEqual(["secretsmanager.GetSecretValue"]);
      expect(process.env.SHOPGUIDE_ORIGIN_SECRET).toBe("s".repeat(48));
    } finally {
      ssm.close();
      secretsManager.close();
    }
  });
});
