import { Config } from "sst/node/config";

/** Secrets the deployed stacks bind (SST Config.Secret, kept in SSM), by the environment name config() reads. */
const SECRET_NAMES = ["SHOPGUIDE_IP_HASH_SECRET", "SHOPGUIDE_SECRETS_KEY"] as const;

/**
 * Cloud entry points call this once at cold start: SST has already fetched the bound secrets from SSM
 * (sst/node/config does that on import); copy them into the environment, which is where core's one typed
 * config reads everything. Locally nothing is bound and the environment is used as it is.
 */
export function exportBoundSecrets(): void {
  const values = Config as unknown as Record<string, string | undefined>;
  for (const name of SECRET_NAMES) {
    if (process.env[`SST_Secret_value_${name}`] === undefined || process.env[name]) continue;
    const value = values[name];
    if (value) process.env[name] = value;
  }
}
