// Namespace import: lets esbuild tree-shake zod in the small redirect bundle (`{ z }` pulls in every locale).
import * as z from "zod";

/**
 * The one typed view of the environment. Every setting the platform reads lives here, parsed once,
 * so a typo in a variable name fails loudly at start instead of silently defaulting deep inside a service.
 */
const Env = z.object({
  SHOPGUIDE_TABLE: z.string().min(3).default("shopguide"),
  /** Set for DynamoDB Local; unset in the cloud, where the SDK finds the regional endpoint itself. */
  SHOPGUIDE_DYNAMO_ENDPOINT: z.url().optional(),
  /**
   * The access key used against DynamoDB Local, which keeps one database per access key unless started with
   * -sharedDb. Tests give each file its own, so files do not queue behind one database lock.
   */
  SHOPGUIDE_DYNAMO_LOCAL_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{1,64}$/)
    .default("local"),
  AWS_REGION: z.string().default("us-east-1"),
  /** Local only: lets POST /api/dev/clock move the platform clock. The deployed stacks never set it. */
  SHOPGUIDE_DEV_CLOCK: z.enum(["0", "1"]).default("0"),
  /** Trust X-Forwarded-For for the client address (local runner behind a proxy, load tests). */
  SHOPGUIDE_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /**
   * Set by the deployed stacks, whose API sits behind the site's CloudFront distribution: the visitor's
   * address comes from CloudFront-Viewer-Address and the site's own origin from X-Forwarded-Host (which a
   * CloudFront function sets on every request), both headers CloudFront overwrites.
   */
  SHOPGUIDE_BEHIND_CLOUDFRONT: z.enum(["0", "1"]).default("0"),
  /** Origins the web app is served from, comma separated; CORS and the CSRF origin check accept these. */
  SHOPGUIDE_WEB_ORIGINS: z.string().default(""),
  /** Public base URL of the platform, used to build absolute links (short links, docs). */
  SHOPGUIDE_PUBLIC_URL: z.url().default("http://localhost:3000"),
  SHOPGUIDE_LOGIN_LIMIT_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  SHOPGUIDE_LOGIN_LIMIT_PER_IP: z.coerce.number().int().positive().default(30),
  /** Creators with at least this many followers are merged into feeds at read time instead of fanned out. */
  SHOPGUIDE_FANOUT_THRESHOLD: z.coerce.number().int().positive().default(10_000),
  /** How many newest entries each follower's stored feed keeps. */
  SHOPGUIDE_FEED_CAP: z.coerce.number().int().positive().default(1_000),
  /**
   * Secret from which each day's IP-hash salt is derived (HMAC). Required wherever clicks are recorded in the
   * cloud; against DynamoDB Local a fixed development value stands in when it is unset.
   */
  SHOPGUIDE_IP_HASH_SECRET: z.string().min(16).optional(),
  /** How long a redirect process may serve a link from memory: the bound on how late a disable takes effect. */
  SHOPGUIDE_LINK_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  /**
   * Request header trusted to carry the visitor's country (ISO 3166 alpha-2), e.g.
   * `cloudfront-viewer-country`. Set it only where a CDN in front sets the header and replaces a client's
   * own; unset (the default), no country is recorded, because a client could claim any.
   */
  SHOPGUIDE_COUNTRY_HEADER: z.string().default(""),
  /**
   * Base64 of 32 random bytes: the AES-256-GCM key that encrypts brands' signing secrets at rest. An SST
   * secret in the cloud; the local runner generates `.shopguide-local-key` when it is unset.
   */
  /**
   * Local only: lets webhook endpoints use plain http and private or loopback hosts (the local runner and the
   * tests' receivers). The deployed stacks never set it, so cloud endpoints must be public https URLs.
   */
  SHOPGUIDE_WEBHOOK_ALLOW_PRIVATE: z.enum(["0", "1"]).default("0"),
  SHOPGUIDE_SECRETS_KEY: z
    .string()
    .refine((value) => Buffer.from(value, "base64").length === 32, { error: "Must be base64 of 32 bytes" })
    .optional(),
});

export interface Config {
  /** Undefined when unset; reading or storing a signing secret then fails loudly. */
  secretsKey: Buffer | undefined;
  tableName: string;
  dynamoEndpoint: string | undefined;
  dynamoLocalKey: string;
  region: string;
  devClock: boolean;
  trustProxy: boolean;
  behindCloudFront: boolean;
  webOrigins: string[];
  publicUrl: string;
  loginLimitPerAccount: number;
  loginLimitPerIp: number;
  fanoutThreshold: number;
  feedCap: number;
  ipHashSecret: string | undefined;
  linkCacheSeconds: number;
  countryHeader: string | undefined;
  webhookAllowPrivate: boolean;
}

let cached: Config | undefined;

function load(): Config {
  const env = Env.parse(process.env);
  return {
    secretsKey: env.SHOPGUIDE_SECRETS_KEY ? Buffer.from(env.SHOPGUIDE_SECRETS_KEY, "base64") : undefined,
    tableName: env.SHOPGUIDE_TABLE,
    dynamoEndpoint: env.SHOPGUIDE_DYNAMO_ENDPOINT,
    dynamoLocalKey: env.SHOPGUIDE_DYNAMO_LOCAL_KEY,
    region: env.AWS_REGION,
    devClock: env.SHOPGUIDE_DEV_CLOCK === "1",
    trustProxy: env.SHOPGUIDE_TRUST_PROXY === "1",
    behindCloudFront: env.SHOPGUIDE_BEHIND_CLOUDFRONT === "1",
    webOrigins: env.SHOPGUIDE_WEB_ORIGINS.split(",")
      .map((origin) => origin.trim())
      .filter(Boolean),
    publicUrl: env.SHOPGUIDE_PUBLIC_URL.replace(/\/$/, ""),
    loginLimitPerAccount: env.SHOPGUIDE_LOGIN_LIMIT_PER_ACCOUNT,
    loginLimitPerIp: env.SHOPGUIDE_LOGIN_LIMIT_PER_IP,
    fanoutThreshold: env.SHOPGUIDE_FANOUT_THRESHOLD,
    feedCap: env.SHOPGUIDE_FEED_CAP,
    ipHashSecret: env.SHOPGUIDE_IP_HASH_SECRET,
    linkCacheSeconds: env.SHOPGUIDE_LINK_CACHE_SECONDS,
    countryHeader: env.SHOPGUIDE_COUNTRY_HEADER.trim().toLowerCase() || undefined,
    webhookAllowPrivate: env.SHOPGUIDE_WEBHOOK_ALLOW_PRIVATE === "1",
  };
}

/** Parsed lazily on first use, so a runner or test can set the environment before anything reads it. */
export function config(): Config {
  cached ??= load();
  return cached;
}
