import { callJson, environmentCredentials } from "@shopguide/core/aws/json-call";

/** Secrets the deployed stacks bind (SST Config.Secret, kept encrypted in SSM), by the name config() reads. */
const SECRET_NAMES = ["SHOPGUIDE_IP_HASH_SECRET", "SHOPGUIDE_SECRETS_KEY"] as const;

/** What SST puts in a function's environment for each secret bound to it. */
const BOUND = "__FETCH_FROM_SSM__";

interface GetParametersAnswer {
  Parameters?: { Name?: string; Value?: string }[];
  InvalidParameters?: string[];
}

/**
 * Cloud entry points await this once at cold start: fetch the secrets bound to this function from SSM (at
 * SST's path for the stage) and put them in the environment, where core's one typed config reads
 * everything. Locally nothing is bound, so it returns at once. One signed GetParameters call rather than
 * the SSM SDK client, whose import alone would be most of the redirect's cold start.
 */
export async function loadBoundSecrets(): Promise<void> {
  const prefix = process.env.SST_SSM_PREFIX;
  const wanted = SECRET_NAMES.filter(
    (name) => process.env[`SST_Secret_value_${name}`] === BOUND && !process.env[name],
  );
  if (!prefix || wanted.length === 0) return;
  const region = process.env.AWS_REGION ?? "us-east-1";
  const answer = await callJson<GetParametersAnswer>(
    {
      name: "ssm",
      targetPrefix: "AmazonSSM",
      jsonVersion: "1.1",
      // The SDKs' standard endpoint override, honoured here too (tests point it at a local stand-in).
      endpoint: process.env.AWS_ENDPOINT_URL_SSM ?? `https://ssm.${region}.amazonaws.com`,
      region,
      credentials: environmentCredentials,
    },
    "GetParameters",
    { Names: wanted.map((name) => `${prefix}Secret/${name}/value`), WithDecryption: true },
  );
  if (answer.InvalidParameters?.length) {
    throw new Error(
      `Secrets not set for this stage (npx sst secrets set): ${answer.InvalidParameters.join(", ")}`,
    );
  }
  for (const parameter of answer.Parameters ?? []) {
    const name = parameter.Name?.split("/").at(-2);
    if (name && parameter.Value !== undefined) process.env[name] = parameter.Value;
  }
}
