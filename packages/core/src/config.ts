/**
 * The one typed view of the environment. Every setting the platform reads lives here, parsed once, so a
 * typo in a value fails loudly at start instead of silently defaulting deep inside a service. Plain code
 * rather than a schema library: the redirect Lambda imports this, and its cold start is a product figure.
 */
import { policies } from "./ratelimit/policies";

type Env = Record<string, string | undefined>;

/** Reads variables, collecting every problem so one start reports them all. */
class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  /** The trimmed value, or undefined when unset or empty. */
  optional(name: string, check?: (value: string) => string | undefined): string | undefined {
    const value = this.env[name]?.trim();
    if (!value) return undefined;
    const problem = check?.(value);
    if (problem) this.problems.push(`${name}: ${problem}`);
    return problem ? undefined : value;
  }

  text(name: string, fallback: string, check?: (value: string) => string | undefined): string {
    return this.optional(name, check) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.optional(name, (raw) =>
      /^-?\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max
        ? undefined
        : `expected a whole number from ${min} to ${max}`,
    );
    return value === undefined ? fallback : Number(value);
  }

  /** "1" on, "0" or unset off. */
  flag(name: string): boolean {
    return (
      this.optional(name, (raw) => (raw === "0" || raw === "1" ? undefined : 'expected "0" or "1"')) === "1"
    );
  }
}

const overrideEntries = (value: string) =>
  value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

/**
 * One rate-limit override `<policy>.<key>=<limit>` (or `=off`: not counted at all, Infinity), or undefined
 * unless it names a rule and a limit.
 */
function rateOverride(entry: string): [string, number] | undefined {
  const [name = "", limit = ""] = entry.split("=").map((part) => part.trim());
  const [policy = "", per] = name.split(".");
  const value = limit === "off" ? Number.POSITIVE_INFINITY : /^\d+$/.test(limit) ? Number(limit) : 0;
  if (!Object.hasOwn(policies, policy) || value < 1) return undefined;
  const rules: readonly { per: string }[] = policies[policy as keyof typeof policies].rules;
  return rules.some((rule) => rule.per === per) ? [name, value] : undefined;
}

const isRateLimits = (value: string) => {
  const bad = overrideEntries(value).find((entry) => !rateOverride(entry));
  return bad ? `"${bad}" is not <policy>.<key>=<limit|off> for a rule in ratelimit/policies.ts` : undefined;
};

const isUrl = (value: string) => (URL.canParse(value) ? undefined : "expected a URL");
/** Each entry a bare host or host:port that the URL parser keeps as written (so `0x7f000001` is refused). */
const allowHostsProblem = (value: string) => {
  for (const entry of value.split(",").map((part) => part.trim().toLowerCase())) {
    if (!entry) continue;
    const url = URL.canParse(`http://${entry}/`) ? new URL(`http://${entry}/`) : undefined;
    if (!url || url.host !== entry || entry.includes("*"))
      return `"${entry}" is not an exact host or host:port`;
  }
  return undefined;
};
/** Each entry an IP address with an optional port, as node:dns `setServers` takes them. */
const dnsServersProblem = (value: string) => {
  for (const entry of value.split(",").map((part) => part.trim())) {
    if (entry && !/^(\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?|\[[0-9a-f:]+\](:\d{1,5})?|[0-9a-f:]+)$/i.test(entry))
      return `"${entry}" is not an IP address or ip:port`;
  }
  return undefined;
};
const isBase64Key = (value: string) =>
  Buffer.from(value, "base64").length === 32 ? undefined : "expected base64 of 32 bytes";

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
  /** Overrides of rate-limit rules, `<policy>.<key>` → limit (tests and load tests only). */
  rateLimits: Record<string, number>;
  fanoutThreshold: number;
  fanoutCooldownSeconds: number;
  feedCap: number;
  /** How many followed creators one Following read looks at (feed/index.ts `following`). */
  feedFollowedRead: number;
  /** Participants per page of a group-buy fan-out (codes, notices: groupbuy/fanout.ts). */
  groupbuyFanoutPage: number;
  /** What one stream record may spend on a group-buy fan-out before leaving the rest to the settle job. */
  groupbuyFanoutStreamMs: number;
  /** Shards of each hour's pending-commission bucket (gsi3 `HOLDS#<hour>#<shard>`); only ever raise it. */
  holdShards: number;
  ipHashSecret: string | undefined;
  linkCacheSeconds: number;
  countryHeader: string | undefined;
  outboundAllowHosts: string[];
  originSecret: string | undefined;
  kmsKeyId: string | undefined;
  /** Tally consumed capacity on every DynamoDB call (dynamo/capacity.ts); benches only. */
  capacityMeter: boolean;
  /** The private bucket holding uploads (originals) and their processed variants (`media/...`). */
  mediaBucket: string;
  /** Set for the local S3-compatible server; unset in the cloud, where the client finds S3 itself. */
  s3Endpoint: string | undefined;
  /** How mail leaves: SMTP (local catcher, tests), SES (the cloud), or not at all (nothing configured). */
  mailTransport: "smtp" | "ses" | "none";
  smtpUrl: string | undefined;
  /** The From address of every mail, e.g. `shopguide <no-reply@example.com>`. */
  mailFrom: string;
  sesConfigurationSet: string | undefined;
  /** DNS servers (`ip` or `ip:port`) that domain verification asks for TXT records; empty: the system's. */
  dnsServers: string[];
  /**
   * Tests and the local runner only: the origin (`http://127.0.0.1:<port>`) every domain's well-known
   * verification file is fetched from, with the domain in the Host header. Unset: `https://<domain>`.
   */
  domainCheckOrigin: string | undefined;
}

let cached: Config | undefined;

/** Parses an environment; every problem at once in one error. `config()` is this over `process.env`. */
export function loadConfig(env: Env): Config {
  const read = new Reader(env);
  const secretsKey = read.optional("SHOPGUIDE_SECRETS_KEY", isBase64Key);
  const loaded: Config = {
    secretsKey: secretsKey ? Buffer.from(secretsKey, "base64") : undefined,
    tableName: read.text("SHOPGUIDE_TABLE", "shopguide", (value) =>
      value.length >= 3 ? undefined : "expected at least 3 characters",
    ),
    // Set for DynamoDB Local; unset in the cloud, where the client finds the regional endpoint itself.
    dynamoEndpoint: read.optional("SHOPGUIDE_DYNAMO_ENDPOINT", isUrl),
    // The access key used against DynamoDB Local, which keeps one database per access key unless started
    // with -sharedDb. Tests give each file its own, so files do not queue behind one database lock.
    dynamoLocalKey: read.text("SHOPGUIDE_DYNAMO_LOCAL_KEY", "local", (value) =>
      /^[A-Za-z0-9]{1,64}$/.test(value) ? undefined : "expected 1-64 letters or digits",
    ),
    region: read.text("AWS_REGION", "us-east-1"),
    // Local only: lets POST /api/dev/clock move the platform clock. The deployed stacks never set it.
    devClock: read.flag("SHOPGUIDE_DEV_CLOCK"),
    // Trust X-Forwarded-For for the client address (local runner behind a proxy, load tests).
    trustProxy: read.flag("SHOPGUIDE_TRUST_PROXY"),
    // Set by the deployed stacks, whose API sits behind the site's CloudFront distribution: the visitor's
    // address comes from CloudFront-Viewer-Address and the site's own origin from X-Forwarded-Host (which a
    // CloudFront function sets on every request), both headers CloudFront overwrites.
    behindCloudFront: read.flag("SHOPGUIDE_BEHIND_CLOUDFRONT"),
    // Origins the web app is served from, comma separated; CORS and the CSRF origin check accept these.
    webOrigins: read
      .text("SHOPGUIDE_WEB_ORIGINS", "")
      .split(",")
      .map((origin) => origin.trim())
      .filter(Boolean),
    // Public base URL of the platform, used to build absolute links (short links, docs).
    publicUrl: read.text("SHOPGUIDE_PUBLIC_URL", "http://localhost:3000", isUrl).replace(/\/$/, ""),
    // Raises or lowers named rate-limit rules (see ratelimit/policies.ts); the deployed stacks never set it.
    rateLimits: Object.fromEntries(
      overrideEntries(read.optional("SHOPGUIDE_RATE_LIMITS", isRateLimits) ?? "").flatMap((entry) => {
        const override = rateOverride(entry);
        return override ? [override] : [];
      }),
    ),
    // Creators with at least this many followers are merged into feeds at read time instead of fanned out.
    fanoutThreshold: read.int("SHOPGUIDE_FANOUT_THRESHOLD", 10_000, 1),
    // A creator's fan-out mode (push below the threshold, pull above) changes at most once per this long,
    // by the platform clock, so follow churn at the threshold cannot make feeds be rewritten over and over.
    fanoutCooldownSeconds: read.int("SHOPGUIDE_FANOUT_COOLDOWN_SECONDS", 86_400, 0),
    // How many newest entries each follower's stored feed keeps.
    feedCap: read.int("SHOPGUIDE_FEED_CAP", 1_000, 1),
    // How many followed creators (the first by id) one Following read looks at: the follow list is never read
    // whole on the request path; stored entries from creators beyond it are checked per page.
    feedFollowedRead: read.int("SHOPGUIDE_FEED_FOLLOWED_READ", 1_000, 1),
    // A group-buy's codes and notices go out this many participants at a time, each page checkpointed, so a
    // 100 000-person group-buy is many small steps (groupbuy/fanout.ts). Tests make it small.
    groupbuyFanoutPage: read.int("SHOPGUIDE_GROUPBUY_FANOUT_PAGE", 100, 1, 1000),
    // How long the stream consumer walks a group-buy's participants (at least one page) before it leaves the
    // rest to the settle job: bounds how long one group-buy holds its shard's other records.
    groupbuyFanoutStreamMs: read.int("SHOPGUIDE_GROUPBUY_FANOUT_STREAM_MS", 5_000, 0, 60_000),
    // Pending commissions are indexed by the hour their hold ends, each hour spread over this many shards
    // (about 1 000 writes/s each). Raise it for more conversions per second; lowering it would hide the
    // items in the dropped shards from the hold-release job.
    holdShards: read.int("SHOPGUIDE_HOLD_SHARDS", 8, 1, 64),
    // Secret from which each day's IP-hash salt is derived (HMAC). Required wherever clicks are recorded in
    // the cloud; against DynamoDB Local a fixed development value stands in when it is unset.
    ipHashSecret: read.optional("SHOPGUIDE_IP_HASH_SECRET", (value) =>
      value.length >= 16 ? undefined : "expected at least 16 characters",
    ),
    // How long a redirect process may serve a link from memory: the bound on how late a disable takes effect.
    linkCacheSeconds: read.int("SHOPGUIDE_LINK_CACHE_SECONDS", 5, 0, 60),
    // Request header trusted to carry the visitor's country (ISO 3166 alpha-2), e.g.
    // `cloudfront-viewer-country`. Set it only where a CDN in front sets the header and replaces a client's
    // own; unset (the default), no country is recorded, because a client could claim any.
    countryHeader: read.optional("SHOPGUIDE_COUNTRY_HEADER")?.toLowerCase(),
    // Exact hosts (`host` or `host:port`, comma separated) that outgoing requests may reach although they
    // are private or loopback, over plain http too: the tests' local receivers. Never a blanket switch;
    // unset (the default, and always in the deployed stacks) only public https hosts are reached.
    outboundAllowHosts: read
      .text("SHOPGUIDE_OUTBOUND_ALLOW_HOSTS", "", allowHostsProblem)
      .split(",")
      .map((entry) => entry.trim().toLowerCase())
      .filter(Boolean),
    // Cloud only: the value CloudFront sends in X-Origin-Verify (a generated Secrets Manager secret fetched at
    // cold start). Set, the API and redirect refuse requests without it; unset (local), all pass.
    originSecret: read.optional("SHOPGUIDE_ORIGIN_SECRET", (value) =>
      value.length >= 32 ? undefined : "expected at least 32 characters",
    ),
    // Cloud only: the KMS key that seals signing secrets (envelope encryption). Unset, SHOPGUIDE_SECRETS_KEY.
    kmsKeyId: read.optional("SHOPGUIDE_KMS_KEY_ID"),
    // Bench only: asks every DynamoDB call for its consumed capacity and tallies it (dynamo/capacity.ts).
    // Off (the default, and always in the deployed stacks) the meter is not on the client at all.
    capacityMeter: read.flag("SHOPGUIDE_CAPACITY_METER"),
    // The media bucket (set by the stacks; the local runner and tests name their own on the local S3 server).
    mediaBucket: read.text("SHOPGUIDE_MEDIA_BUCKET", "shopguide-media", (value) =>
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) ? undefined : "expected an S3 bucket name",
    ),
    // Local only: the S3-compatible server `npm start` and the tests run (path-style, fixed local keys).
    s3Endpoint: read.optional("SHOPGUIDE_S3_ENDPOINT", isUrl),
    // `ses` in the deployed stacks; unset, SMTP when SHOPGUIDE_SMTP_URL names a server (the local catcher
    // that `npm start` and the tests run), else none: mail is logged as not sent, never silently faked.
    mailTransport:
      (read.optional("SHOPGUIDE_MAIL_TRANSPORT", (value) =>
        ["smtp", "ses", "none"].includes(value) ? undefined : 'expected "smtp", "ses" or "none"',
      ) as Config["mailTransport"] | undefined) ?? (read.optional("SHOPGUIDE_SMTP_URL") ? "smtp" : "none"),
    // smtp://[user:pass@]host:port; locally the user names the catcher's mailbox (tests: their table).
    smtpUrl: read.optional("SHOPGUIDE_SMTP_URL", (value) =>
      /^smtps?:\/\//.test(value) && URL.canParse(value) ? undefined : "expected smtp://host:port",
    ),
    mailFrom: read.text("SHOPGUIDE_MAIL_FROM", "shopguide <no-reply@shopguide.local>"),
    // Cloud only: the SES configuration set whose events (bounces, complaints) reach the suppression list.
    sesConfigurationSet: read.optional("SHOPGUIDE_SES_CONFIGURATION_SET"),
    // Domain verification's TXT lookups go to these servers (comma separated `ip` or `ip:port`); unset, the
    // system's resolvers. Tests point it at a DNS server on loopback.
    dnsServers: read
      .text("SHOPGUIDE_DNS_SERVERS", "", dnsServersProblem)
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
    // Tests only: where well-known verification files are fetched from instead of https://<domain> (still
    // through the outbound guard, so the origin's host must be allowlisted). The deployed stacks never set it.
    domainCheckOrigin: read.optional("SHOPGUIDE_DOMAIN_CHECK_ORIGIN", isUrl)?.replace(/\/$/, ""),
  };
  if (read.problems.length > 0) throw new Error(`Invalid environment: ${read.problems.join("; ")}`);
  return loaded;
}

/** Parsed lazily on first use, so a runner or test can set the environment before anything reads it. */
export function config(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}

/** Forgets the parsed environment, so the next `config()` reads it again (a test that changes a limit). */
export function reloadConfig(): void {
  cached = undefined;
}
