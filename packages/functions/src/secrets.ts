/** Secrets the deployed stacks bind (SST Config.Secret, kept encrypted in SSM), by the name config() reads. */
const SECRET_NAMES = ["SHOPGUIDE_IP_HASH_SECRET", "SHOPGUIDE_SECRETS_KEY"] as const;

/** What SST puts in a function's environment for each secret bound to it. */
const BOUND = "__FETCH_FROM_SSM__";

/**
 * Cloud entry points await this once at cold start: fetch the secrets bound to this function from SSM (at
 * SST's path for the stage) and put them in the environment, where core's one typed config reads
 * everything. Locally nothing is bound, so it returns at once and never loads the SSM client.
 */
export async function loadBoundSecrets(): Promise<void> {
  const prefix = process.env.SST_SSM_PREFIX;
  const wanted = SECRET_NAMES.filter(
    (name) => process.env[`SST_Secret_value_${name}`] === BOUND && !process.env[name],
  );
  if (!prefix || wanted.length === 0) return;
  const { GetParametersCommand, SSMClient } = await import("@aws-sdk/client-ssm");
  const ssm = new SSMClient({});
  const answer = await ssm.send(
    new GetParametersCommand({
      Names: wanted.map((name) => `${prefix}Secret/${name}/value`),
      WithDecryption: true,
    }),
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
  ssm.destroy();
}
