import { callJson, environmentCredentials } from "@shopguide/core/aws/json-call";

/** Secrets the deployed stacks bind (SST Config.Secret, kept encrypted in SSM), by the name config() reads. */
const SECRET_NAMES = ["SHOPGUIDE_IP_HASH_SECRET", "SHOPGUIDE_SECRETS_KEY"] as const;

/** What SST puts in a function's environment for each secret bound to it. */
const BOUND = "__FETCH_FROM_SSM__";

interface GetParametersAnswer {
  Parameters?: { Name?: string; Value?: string }[];
  InvalidParameters?: string[];
}

const region = () => process.env.AWS_REGION ?? "us-east-1";

/**
 * Cloud entry points await this once at cold start, before anything reads config(): fetch the secrets bound
 * to this function and the stage's public URL from SSM (one signed GetParameters call), and the CloudFront
 * origin secret from Secrets Manager, in parallel, and put them in the environment, where core's one typed
 * config reads everything. Locally nothing is bound, so it returns at once. Signed JSON calls rather than
 * the SDK clients, whose import alone would be most of the redirect's cold start.
 */
export async function loadBoundSecrets(): Promise<void> {
  await Promise.all([loadFromSsm(), loadOriginSecret()]);
}

async function loadFromSsm(): Promise<void> {
  const prefix = process.env.SST_SSM_PREFIX;
  // SSM parameter name -> environment variable.
  const wanted = new Map<string, string>();
  if (prefix) {
    for (const name of SECRET_NAMES) {
      if (process.env[`SST_Secret_value_${name}`] === BOUND && !process.env[name])
        wanted.set(`${prefix}Secret/${name}/value`, name);
    }
  }
  // Without a custom domain, the web stack writes the distribution's URL here (infra/web.ts).
  const publicUrlParameter = process.env.SHOPGUIDE_PUBLIC_URL_PARAMETER;
  if (publicUrlParameter && !process.env.SHOPGUIDE_PUBLIC_URL)
    wanted.set(publicUrlParameter, "SHOPGUIDE_PUBLIC_URL");
  if (wanted.size === 0) return;
  const answer = await callJson<GetParametersAnswer>(
    {
      name: "ssm",
      targetPrefix: "AmazonSSM",
      jsonVersion: "1.1",
      // The SDKs' standard endpoint override, honoured here too (tests point it at a local stand-in).
      endpoint: process.env.AWS_ENDPOINT_URL_SSM ?? `https://ssm.${region()}.amazonaws.com`,
      region: region(),
      credentials: environmentCredentials,
    },
    "GetParameters",
    { Names: [...wanted.keys()], WithDecryption: true },
  );
  if (answer.InvalidParameters?.length) {
    throw new Error(
      `Secrets not set for this stage (npx sst secrets set): ${answer.InvalidParameters.join(", ")}`,
    );
  }
  for (const parameter of answer.Parameters ?? []) {
    const name = parameter.Name && wanted.get(parameter.Name);
    if (name && parameter.Value !== undefined) process.env[name] = parameter.Value;
  }
}

/** The generated value CloudFront sends in X-Origin-Verify (infra/api.ts), read by ARN from Secrets Manager. */
async function loadOriginSecret(): Promise<void> {
  const secretId = process.env.SHOPGUIDE_ORIGIN_SECRET_ARN;
  if (!secretId || process.env.SHOPGUIDE_ORIGIN_SECRET) return;
  const answer = await callJson<{ SecretString?: string }>(
    {
      name: "secretsmanager",
      targetPrefix: "secretsmanager",
      jsonVersion: "1.1",
      endpoint:
        process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? `https://secretsmanager.${region()}.amazonaws.com`,
      region: region(),
      credentials: environmentCredentials,
    },
    "GetSecretValue",
    { SecretId: secretId },
  );
  if (!answer.SecretString) throw new Error("The origin secret has no value");
  process.env.SHOPGUIDE_ORIGIN_SECRET = answer.SecretString;
}
