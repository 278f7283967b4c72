import { Aspects } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { App, type FunctionProps, getStack, Function as SstFunction, StaticSite } from "sst/constructs";
import { initProject } from "sst/project.js";
import { beforeAll, describe, expect, it } from "vitest";
import { Table as TableDefinition } from "../packages/core/src/dynamo/table";
import { JOB_BUDGET_MS as GROUPBUY_BUDGET_MS } from "../packages/core/src/groupbuy/fanout";
import { BUDGET_MS as CLOSE_BUDGET_MS } from "../packages/core/src/statement/close";
import * as Telemetry from "../packages/core/src/telemetry/names";
import { ORIGIN_SECRET_HEADER } from "../packages/functions/src/origin-secret";
import { jobs } from "../packages/functions/src/schedule";
import { API_ARCHITECTURE, Api } from "./api";
import { platform } from "./app";
import { Jobs, jobTableActions } from "./jobs";
import { Mail } from "./mail";
import { Monitoring } from "./monitoring";
import { installedSharpVersion, sharpInstallArgs } from "./sharp";
import { Storage } from "./storage";
import { CONTENT_SECURITY_POLICY, IMMUTABLE_ASSETS, PAGE_PATHS, Web } from "./web";

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  Metadata?: unknown;
};
type Resources = Record<string, Resource>;
const STACKS = { Storage, Mail, Api, Jobs, Web, Monitoring };
type Synth = { app: App } & Record<keyof typeof STACKS, Template>;

/**
 * Synthesizes the whole platform offline (no AWS credentials): an App with an explicit account and region,
 * built by the same `platform()` that sst.config.ts uses, with the stage settings given as environment.
 */
async function synth(stage: string, settings: Record<string, string> = {}, nag = false): Promise<Synth> {
  const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  try {
    await initProject({ stage });
    const app = new App({
      mode: "deploy",
      stage,
      name: "shopguide",
      region: "us-east-1",
      account: "123456789012",
    });
    if (nag) Aspects.of(app).add(new AwsSolutionsChecks());
    platform(app);
    const templates = Object.fromEntries(
      Object.entries(STACKS).map(([name, stack]) => [name, Template.fromStack(getStack(stack))]),
    ) as Record<keyof typeof STACKS, Template>;
    return { app, ...templates };
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

let prod: Synth;
let prodNag: { errors: string[]; warnings: string[] };
let withDomain: Synth;
let dev: Synth;

beforeAll(async () => {
  dev = await synth("dev");
  withDomain = await synth("prod", {
    SHOPGUIDE_DOMAIN: "shop.example.com",
    SHOPGUIDE_CERTIFICATE_ARN: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
  });
  prod = await synth(
    "prod",
    { SHOPGUIDE_ALARM_EMAIL: "oncall@example.com", SHOPGUIDE_MAIL_DOMAIN: "mail.example.com" },
    true,
  );
  const findings = (kind: "findError" | "findWarning") =>
    Object.values(STACKS).flatMap((stack) =>
      Annotations.fromStack(getStack(stack))
        [kind]("*", Match.stringLikeRegexp("AwsSolutions-.*"))
        .map((finding) => `${finding.id}: ${String(finding.entry.data).split(": ")[0]}`),
    );
  prodNag = { errors: findings("findError"), warnings: findings("findWarning") };
  // Three synthesized apps take tens of seconds on a loaded machine.
}, 600_000);

const resources = (template: Template, type: string) =>
  Object.entries(template.findResources(type) as Resources);

/** Our functions (SST adds helper functions of its own for custom resources), with their logical ids. */
function ourFunctions(synthesized: Synth) {
  return [synthesized.Api, synthesized.Jobs, synthesized.Mail].flatMap((template) =>
    resources(template, "AWS::Lambda::Function").filter(([, fn]) =>
      String(fn.Properties.Description ?? "").startsWith("shopguide"),
    ),
  );
}
const variables = (fn: Resource) =>
  (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};

/** The statements of the policies attached to one function's role. */
function statementsOf(template: Template, fn: Resource) {
  const role = (fn.Properties.Role as { "Fn::GetAtt": string[] })["Fn::GetAtt"][0];
  return resources(template, "AWS::IAM::Policy")
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(String(role)))
    .flatMap(
      ([, policy]) =>
        (
          policy.Properties.PolicyDocument as {
            Statement: Array<{ Action: string | string[]; Resource: unknown }>;
          }
        ).Statement,
    );
}
const tableActions = (template: Template, fn: Resource) =>
  statementsOf(template, fn)
    .flatMap((statement) => [statement.Action].flat())
    .filter((action) => action.startsWith("dynamodb:") && action !== "dynamodb:ListStreams")
    .sort();

describe("cdk-nag (AwsSolutions) on the prod stage", () => {
  it("reports no unsuppressed error or warning", () => {
    expect(prodNag.errors).toEqual([]);
    expect(prodNag.warnings).toEqual([]);
  });

  it("suppresses each finding on one resource for one rule, with a reason", () => {
    const suppressions = Object.values(STACKS).flatMap((stack) =>
      Object.values(Template.fromStack(getStack(stack)).toJSON().Resources as Resources).flatMap(
        (resource) =>
          (resource.Metadata as { cdk_nag?: { rules_to_suppress?: Array<{ id: string; reason: string }> } })
            ?.cdk_nag?.rules_to_suppress ?? [],
      ),
    );
    expect(suppressions.length).toBeGreaterThan(0);
    for (const suppression of suppressions) {
      expect(suppression.id).toMatch(/^AwsSolutions-[A-Z0-9]+$/);
      expect(suppression.reason.length).toBeGreaterThan(20);
    }
  });
});

describe("storage stack", () => {
  it("declares the table exactly as core defines it", () => {
    prod.Storage.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: Object.entries(TableDefinition.globalIndexes).map(([name, index]) => ({
        IndexName: name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
      TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true },
      StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it("protects and retains the prod table, and only the prod table", () => {
    const [[, table] = []] = resources(prod.Storage, "AWS::DynamoDB::Table");
    expect(table?.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table?.DeletionPolicy).toBe("Retain");
    const [[, devTable] = []] = resources(dev.Storage, "AWS::DynamoDB::Table");
    expect(devTable?.Properties.DeletionProtectionEnabled).toBe(false);
    expect(devTable?.DeletionPolicy).toBe("Delete");
  });

  it("seals signing secrets with a KMS key that rotates", () => {
    prod.Storage.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });
});

describe("functions", () => {
  it("run on Node.js 24 (the current LTS) and arm64, each with a log group that expires", () => {
    const functions = ourFunctions(prod);
    // API, redirect, the stream consumer, the click counter, the mail events recorder, and one per job.
    expect(functions.length).toBe(5 + Object.keys(jobs).length);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe("nodejs24.x");
      expect(fn.Properties.Architectures).toEqual(["arm64"]);
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogGroup: { Ref: expect.any(String) } });
    }
    for (const template of [prod.Api, prod.Jobs, prod.Web, prod.Storage, prod.Monitoring]) {
      for (const [, group] of resources(template, "AWS::Logs::LogGroup")) {
        expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
      }
    }
  });

  it("reach the public URL: every link-building function reads it from the SSM parameter the web stack writes", () => {
    const linkBuilders = ourFunctions(prod).filter(
      ([, fn]) => !/redirect|mail bounces/.test(String(fn.Properties.Description)),
    );
    expect(linkBuilders.length).toBe(3 + Object.keys(jobs).length);
    for (const [, fn] of linkBuilders) {
      const template = String(fn.Properties.Description).startsWith("shopguide job") ? prod.Jobs : prod.Api;
      expect(variables(fn).SHOPGUIDE_PUBLIC_URL_PARAMETER).toBe("/shopguide/prod/public-url");
      expect(
        statementsOf(template, fn).some(
          (statement) =>
            [statement.Action].flat().includes("ssm:GetParameters") &&
            JSON.stringify(statement.Resource).includes("parameter/shopguide/prod/public-url"),
        ),
      ).toBe(true);
    }
    const [[, parameter] = []] = resources(prod.Web, "AWS::SSM::Parameter");
    expect(parameter?.Properties.Name).toBe("/shopguide/prod/public-url");
    expect(JSON.stringify(parameter?.Properties.Value)).toContain("DomainName");
  });

  it("carry https://<custom domain> as the public URL when a domain is configured", () => {
    const linkBuilders = ourFunctions(withDomain).filter(
      ([, fn]) => !/redirect|mail bounces/.test(String(fn.Properties.Description)),
    );
    for (const [, fn] of linkBuilders) {
      expect(variables(fn).SHOPGUIDE_PUBLIC_URL).toBe("https://shop.example.com");
    }
    withDomain.Web.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        Aliases: ["shop.example.com"],
        ViewerCertificate: Match.objectLike({
          MinimumProtocolVersion: "TLSv1.2_2021",
          SslSupportMethod: "sni-only",
        }),
      }),
    });
  });

  it("sit behind CloudFront and bind secrets instead of putting them in the environment", () => {
    for (const [, fn] of ourFunctions(prod)) {
      expect(variables(fn).SHOPGUIDE_BEHIND_CLOUDFRONT).toBe("1");
      expect(variables(fn).SHOPGUIDE_IP_HASH_SECRET).toBeUndefined();
      expect(variables(fn).SHOPGUIDE_SECRETS_KEY).toBeUndefined();
      expect(variables(fn).SHOPGUIDE_ORIGIN_SECRET).toBeUndefined();
      expect(variables(fn).SHOPGUIDE_DEV_CLOCK).toBeUndefined();
      // The capacity meter is for the scale bench; deployed functions never pay for it.
      expect(variables(fn).SHOPGUIDE_CAPACITY_METER).toBeUndefined();
      expect(variables(fn).SHOPGUIDE_OUTBOUND_ALLOW_HOSTS).toBeUndefined();
      // Domain checks use the system's DNS and fetch https://<domain> itself; the test-only overrides never ship
      // (and without SHOPGUIDE_DEV_CLOCK the one-click dev verification route is not mounted).
      expect(variables(fn).SHOPGUIDE_DOMAIN_CHECK_ORIGIN).toBeUndefined();
      expect(variables(fn).SHOPGUIDE_DNS_SERVERS).toBeUndefined();
      expect(Object.keys(variables(fn))).toContain("SHOPGUIDE_TABLE");
    }
  });

  it("scope table permissions to this table and its indexes, never dynamodb:* or Scan", () => {
    const statements = [prod.Api, prod.Jobs].flatMap((template) =>
      resources(template, "AWS::IAM::Policy").flatMap(
        ([, policy]) =>
          (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
      ),
    );
    const dynamoStatements = statements.filter((statement) =>
      [statement.Action].flat().some((action) => String(action).startsWith("dynamodb:")),
    );
    expect(dynamoStatements.length).toBeGreaterThan(0);
    for (const statement of dynamoStatements) {
      const actions = [statement.Action].flat();
      expect(actions).not.toContain("dynamodb:*");
      expect(actions).not.toContain("dynamodb:Scan");
      // ListStreams (added by the stream event source) cannot be scoped to a resource in IAM.
      if (actions.length === 1 && actions[0] === "dynamodb:ListStreams") continue;
      for (const resource of [statement.Resource].flat()) {
        expect(resource).not.toBe("*");
        expect(JSON.stringify(resource)).toMatch(/Table/);
      }
    }
  });
});

describe("api stack", () => {
  it("serves the Hono app from the HTTP API's $default route, throttled and access-logged", () => {
    prod.Api.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" });
    prod.Api.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "$default" });
    prod.Api.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it("serves GET and HEAD /r/{code} from one function that may only read links and write clicks", () => {
    const routes = resources(prod.Api, "AWS::ApiGatewayV2::Route").map(
      ([, route]) => route.Properties.RouteKey,
    );
    expect(routes).toEqual(expect.arrayContaining(["$default", "GET /r/{code}", "HEAD /r/{code}"]));
    const redirects = resources(prod.Api, "AWS::Lambda::Function").filter(([, fn]) =>
      String(fn.Properties.Description).startsWith("shopguide redirect"),
    );
    expect(redirects).toHaveLength(1);
    const [[, redirect] = []] = redirects;
    if (!redirect) throw new Error("no redirect function");
    expect(tableActions(prod.Api, redirect)).toEqual(["dynamodb:GetItem", "dynamodb:PutItem"]);
    expect(JSON.stringify(statementsOf(prod.Api, redirect))).not.toContain("kms:");
  });

  it("gives the API and redirect the origin secret's ARN and leave to read it, nothing more", () => {
    const behind = ourFunctions(prod).filter(([, fn]) =>
      /API|redirect/.test(String(fn.Properties.Description)),
    );
    expect(behind).toHaveLength(2);
    for (const [, fn] of behind) {
      expect(variables(fn).SHOPGUIDE_ORIGIN_SECRET_ARN).toEqual({
        Ref: expect.stringMatching(/^OriginSecret/),
      });
      expect(
        statementsOf(prod.Api, fn).some((statement) =>
          [statement.Action].flat().includes("secretsmanager:GetSecretValue"),
        ),
      ).toBe(true);
    }
  });

  it("consumes the table stream with partial batch failure reporting and a failure queue", () => {
    prod.Api.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BisectBatchOnFunctionError: true,
      // Bounded: the handler parks poison records after 5 deliveries, well inside this.
      MaximumRetryAttempts: 10,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it("counts new clicks from an event source of their own, in big batches, and keeps them out of the other", () => {
    const clickFilter = JSON.stringify({
      eventName: ["INSERT"],
      dynamodb: { NewImage: { type: { S: ["click"] } } },
    });
    prod.Api.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      FilterCriteria: { Filters: [{ Pattern: clickFilter }] },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    prod.Api.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: 10,
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              dynamodb: {
                NewImage: {
                  type: {
                    S: [
                      {
                        "anything-but": [
                          "click",
                          "search_entry",
                          "search_doc",
                          "search_view",
                          "groupbuy_fanout",
                          "directory_category_count",
                          "directory_category_guide",
                        ],
                      },
                    ],
                  },
                },
              },
            }),
          },
          // The search index's own writes (a few hundred entries a guide), group-buy fan-out checkpoints and
          // the directory's per-category counts never invoke the consumer.
          {
            Pattern: JSON.stringify({
              eventName: ["REMOVE"],
              dynamodb: {
                OldImage: {
                  type: {
                    S: [
                      {
                        "anything-but": [
                          "search_entry",
                          "search_doc",
                          "search_view",
                          "groupbuy_fanout",
                          "directory_category_count",
                          "directory_category_guide",
                        ],
                      },
                    ],
                  },
                },
              },
            }),
          },
        ],
      },
    });
    prod.Monitoring.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmDescription: Match.stringLikeRegexp("click counters are more than 5 minutes behind"),
    });
  });
});

describe("jobs stack", () => {
  it("schedules every job of the schedule handler, passing its name, with a dead-letter queue", () => {
    expect(Object.keys(jobs).length).toBeGreaterThan(0);
    for (const name of Object.keys(jobs)) {
      prod.Jobs.hasResourceProperties("AWS::Events::Rule", {
        ScheduleExpression: Match.stringLikeRegexp("^rate\\("),
        Targets: [
          Match.objectLike({
            Input: JSON.stringify({ job: name }),
            DeadLetterConfig: { Arn: Match.anyValue() },
          }),
        ],
      });
    }
  });

  it("gives each job its own grant with the table actions declared for it, reserved concurrency and a DLQ", () => {
    expect(Object.keys(jobTableActions).sort()).toEqual(Object.keys(jobs).sort());
    for (const [name, actions] of Object.entries(jobTableActions)) {
      const [[, fn] = []] = resources(prod.Jobs, "AWS::Lambda::Function").filter(
        ([, candidate]) => candidate.Properties.Description === `shopguide job ${name}`,
      );
      if (!fn) throw new Error(`no function for job ${name}`);
      expect(tableActions(prod.Jobs, fn)).toEqual(actions.map((action) => `dynamodb:${action}`).sort());
      expect(fn.Properties.ReservedConcurrentExecutions).toBe(2);
      expect(fn.Properties.DeadLetterConfig).toMatchObject({
        TargetArn: { "Fn::GetAtt": [expect.stringMatching(/^JobFailures/), "Arn"] },
      });
    }
  });

  it("releases holds every minute, with a timeout longer than the job's 40 s budget", () => {
    expect(jobs["release-holds"]).toMatchObject({ everySeconds: 60, timeoutSeconds: 60 });
    prod.Jobs.hasResourceProperties("AWS::Lambda::Function", {
      Description: "shopguide job release-holds",
      Timeout: 60,
    });
  });

  it("delivers due webhooks every minute, with a timeout longer than the job's 40 s budget plus one send", () => {
    expect(jobs["deliver-webhooks"]).toMatchObject({ everySeconds: 60, timeoutSeconds: 60 });
    prod.Jobs.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      Targets: [Match.objectLike({ Input: JSON.stringify({ job: "deliver-webhooks" }) })],
    });
    prod.Jobs.hasResourceProperties("AWS::Lambda::Function", {
      Description: "shopguide job deliver-webhooks",
      Timeout: 60,
    });
  });

  it("settles group-buys every minute and carries on their fan-outs, with a timeout longer than the 40 s budget plus one page", () => {
    expect(jobs["settle-groupbuys"]).toMatchObject({ everySeconds: 60, timeoutSeconds: 60 });
    expect(GROUPBUY_BUDGET_MS).toBeLessThanOrEqual(60_000 - 20_000);
    prod.Jobs.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      Targets: [Match.objectLike({ Input: JSON.stringify({ job: "settle-groupbuys" }) })],
    });
    const settle = resources(prod.Jobs, "AWS::Lambda::Function").find(
      ([, candidate]) => candidate.Properties.Description === "shopguide job settle-groupbuys",
    )?.[1];
    if (!settle) throw new Error("no settle-groupbuys function");
    expect(settle.Properties.Timeout).toBe(60);
    // Notices carry unsubscribe links, sealed under the secrets key.
    expect(variables(settle)).toMatchObject({ SHOPGUIDE_KMS_KEY_ID: expect.anything() });
  });

  it("closes statements hourly, with a timeout longer than the job's 90 s budget plus one batch", () => {
    expect(jobs["close-statements"]).toMatchObject({ everySeconds: 3600, timeoutSeconds: 120 });
    expect(CLOSE_BUDGET_MS).toBeLessThanOrEqual(120_000 - 30_000);
    prod.Jobs.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(60 minutes)",
      Targets: [Match.objectLike({ Input: JSON.stringify({ job: "close-statements" }) })],
    });
    prod.Jobs.hasResourceProperties("AWS::Lambda::Function", {
      Description: "shopguide job close-statements",
      Timeout: 120,
    });
  });
});

describe("domain re-check job", () => {
  it("re-checks verified brand domains daily, with time for slow DNS and fetches", () => {
    expect(jobs["recheck-domains"]).toMatchObject({ everySeconds: 86_400, timeoutSeconds: 300 });
    prod.Jobs.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1440 minutes)",
      Targets: [Match.objectLike({ Input: JSON.stringify({ job: "recheck-domains" }) })],
    });
    prod.Jobs.hasResourceProperties("AWS::Lambda::Function", {
      Description: "shopguide job recheck-domains",
      Timeout: 300,
    });
  });
});

describe("mail stack", () => {
  const functionOf = (template: Template, description: string) => {
    const [[, fn] = []] = resources(template, "AWS::Lambda::Function").filter(
      ([, candidate]) => candidate.Properties.Description === description,
    );
    if (!fn) throw new Error(`no function ${description}`);
    return fn;
  };
  const sesActions = (template: Template, fn: Resource) =>
    statementsOf(template, fn).filter((statement) => JSON.stringify(statement.Action).includes("ses:"));

  it("verifies the mail domain as an SES identity with DKIM and a MAIL FROM domain, in the configuration set", () => {
    prod.Mail.hasResourceProperties("AWS::SES::EmailIdentity", {
      EmailIdentity: "mail.example.com",
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
      MailFromAttributes: { MailFromDomain: "bounce.mail.example.com" },
    });
    prod.Mail.hasResourceProperties("AWS::SES::ConfigurationSet", {
      Name: "shopguide-prod",
      SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
    // Without a mail domain or site domain: no identity, and nothing is sent.
    expect(resources(dev.Mail, "AWS::SES::EmailIdentity")).toHaveLength(0);
    expect(variables(functionOf(dev.Api, "shopguide API")).SHOPGUIDE_MAIL_TRANSPORT).toBe("none");
    // With a site domain, that domain is the sender.
    withDomain.Mail.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: "shop.example.com" });
  });

  it("sends bounces and complaints to an encrypted, TLS-only topic whose function may only put suppressions", () => {
    prod.Mail.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ["bounce", "complaint"],
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp("^MailEvents") } },
      }),
    });
    prod.Mail.hasResourceProperties("AWS::SNS::Topic", {
      KmsMasterKeyId: Match.anyValue(),
      DisplayName: "shopguide prod mail bounces and complaints",
    });
    prod.Mail.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "lambda",
      TopicArn: { Ref: Match.stringLikeRegexp("^MailEvents") },
    });
    const recorder = functionOf(prod.Mail, "shopguide mail bounces and complaints");
    expect(tableActions(prod.Mail, recorder)).toEqual(["dynamodb:PutItem"]);
  });

  it("lets the API, the stream consumer, the digest job and the group-buy settle job (notices past the stream's pages) send as the identity through the configuration set, and no other job", () => {
    const senders = [
      [prod.Api, "shopguide API"],
      [prod.Api, "shopguide table stream consumers"],
      [prod.Jobs, "shopguide job send-digests"],
      [prod.Jobs, "shopguide job settle-groupbuys"],
    ] as const;
    for (const [template, description] of senders) {
      const fn = functionOf(template, description);
      expect(variables(fn)).toMatchObject({
        SHOPGUIDE_MAIL_TRANSPORT: "ses",
        SHOPGUIDE_MAIL_FROM: "shopguide <no-reply@mail.example.com>",
        SHOPGUIDE_SES_CONFIGURATION_SET: expect.anything(),
      });
      const [statement] = sesActions(template, fn);
      expect(statement?.Action).toBe("ses:SendEmail");
      expect(JSON.stringify(statement?.Resource)).toMatch(
        /:identity\/.*MailIdentity.*:configuration-set\/.*MailConfigurationSet/,
      );
    }
    const release = functionOf(prod.Jobs, "shopguide job release-holds");
    expect(sesActions(prod.Jobs, release)).toEqual([]);
  });

  it("looks for due digests hourly (each person gets one a day), with a timeout above the job's 40 s budget", () => {
    expect(jobs["send-digests"]).toMatchObject({ everySeconds: 3600, timeoutSeconds: 60 });
    prod.Jobs.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(60 minutes)",
      Targets: [Match.objectLike({ Input: JSON.stringify({ job: "send-digests" }) })],
    });
  });
});

describe("web stack", () => {
  const distribution = () => {
    const [[, found] = []] = resources(prod.Web, "AWS::CloudFront::Distribution");
    if (!found) throw new Error("no distribution");
    return found.Properties.DistributionConfig as Record<string, unknown> & {
      CacheBehaviors: Array<Record<string, unknown>>;
      DefaultCacheBehavior: Record<string, unknown>;
    };
  };

  it("routes /api/* and /r/* to the API with the origin secret header", () => {
    const config = distribution();
    expect(config.CacheBehaviors.map((behavior) => behavior.PathPattern).sort()).toEqual(
      ["/api/*", "/media/*", "/r/*", ...PAGE_PATHS].sort(),
    );
    const origins = JSON.stringify(config.Origins);
    expect(origins).toContain(ORIGIN_SECRET_HEADER);
    expect(origins).toContain("{{resolve:secretsmanager:");
  });

  it("sends shareable pages, robots.txt and the sitemap to the API for their server-rendered head, with the site's headers", () => {
    const config = distribution();
    const pages = config.CacheBehaviors.filter((behavior) =>
      PAGE_PATHS.includes(String(behavior.PathPattern)),
    );
    expect(pages).toHaveLength(PAGE_PATHS.length);
    const api = config.CacheBehaviors.find((behavior) => behavior.PathPattern === "/api/*");
    const siteHeaders = JSON.stringify(config.DefaultCacheBehavior.ResponseHeadersPolicyId);
    for (const page of pages) {
      expect(page.TargetOriginId).toBe(api?.TargetOriginId);
      expect(page.AllowedMethods).toEqual(["GET", "HEAD"]);
      expect(JSON.stringify(page.ResponseHeadersPolicyId)).toBe(siteHeaders);
      expect(page.Compress).toBe(true);
    }
  });

  it("keeps hashed assets a year and compresses the site, as the local server does", () => {
    expect(distribution().DefaultCacheBehavior.Compress).toBe(true);
    // The uploader's file options are only rendered when the site is built; read them off the construct.
    const site = prod.app.node.findAll().find((construct) => construct instanceof StaticSite) as unknown as {
      props: { assets?: { fileOptions?: unknown[] } };
    };
    expect(site.props.assets?.fileOptions).toContainEqual({
      files: "assets/**",
      cacheControl: IMMUTABLE_ASSETS,
    });
  });

  it("answers the SPA fallback only on the site's behavior: no distribution-wide error responses", () => {
    const config = distribution();
    expect(config.CustomErrorResponses).toBeUndefined();
    const spaFunction = resources(prod.Web, "AWS::CloudFront::Function").find(([id]) =>
      id.startsWith("SpaFallback"),
    );
    if (!spaFunction) throw new Error("no SPA fallback function");
    expect(String(spaFunction[1].Properties.FunctionCode)).toContain('request.uri = "/index.html"');
    const usesSpa = (behavior: Record<string, unknown>) => JSON.stringify(behavior).includes(spaFunction[0]);
    expect(usesSpa(config.DefaultCacheBehavior)).toBe(true);
    for (const behavior of config.CacheBehaviors) expect(usesSpa(behavior)).toBe(false);
  });

  it("attaches a CloudFront web ACL with the managed rule sets and rate rules on auth, conversions and /r/", () => {
    const config = distribution();
    expect(JSON.stringify(config.WebACLId)).toContain("WebAcl");
    const [[, acl] = []] = resources(prod.Web, "AWS::WAFv2::WebACL");
    expect(acl?.Properties.Scope).toBe("CLOUDFRONT");
    const rules = JSON.stringify(acl?.Properties.Rules);
    for (const name of [
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesAmazonIpReputationList",
      "/api/v1/auth/",
      "/api/v1/integrations/",
      "/conversions",
      "/r/",
    ]) {
      expect(rules).toContain(name);
    }
    expect(
      ((acl?.Properties.Rules ?? []) as Array<{ Statement: Record<string, unknown> }>).filter(
        (rule) => rule.Statement.RateBasedStatement,
      ),
    ).toHaveLength(3);
  });

  it("sends the site's security headers, logs requests and keeps the bucket's access logs", () => {
    prod.Web.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: {
            ContentSecurityPolicy: {
              "Fn::Join": ["", Match.arrayWith([`${CONTENT_SECURITY_POLICY}; connect-src 'self' https://`])],
            },
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: "DENY", Override: true },
          ReferrerPolicy: Match.objectLike({ Override: true }),
        }),
      }),
    });
    expect(distribution().Logging).toMatchObject({
      Bucket: { "Fn::GetAtt": [expect.stringMatching(/^AccessLogs/), "RegionalDomainName"] },
      Prefix: "cloudfront/",
    });
    prod.Web.hasResourceProperties("AWS::S3::Bucket", {
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: "s3/" }),
    });
  });
});

describe("media", () => {
  it("keeps uploads in a private, SSL-only, encrypted bucket that only CloudFront reads, under media/ only", () => {
    const [bucket] = resources(prod.Storage, "AWS::S3::Bucket")
      .map(([, resource]) => resource)
      .filter((resource) => JSON.stringify(resource.Properties).includes("uploads/"));
    expect(bucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      LifecycleConfiguration: {
        Rules: [expect.objectContaining({ Prefix: "uploads/", ExpirationInDays: 1 })],
      },
    });
    const policy = JSON.stringify(resources(prod.Storage, "AWS::S3::BucketPolicy"));
    expect(policy).toContain("aws:SecureTransport");
    expect(policy).toContain("cloudfront.amazonaws.com");
    expect(policy).toMatch(/media\/\*/);
  });

  it("serves /media/* from the bucket through origin access control, cached", () => {
    prod.Web.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: "s3",
        SigningBehavior: "always",
      }),
    });
    prod.Web.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({
            PathPattern: "/media/*",
            AllowedMethods: ["GET", "HEAD"],
            ViewerProtocolPolicy: "redirect-to-https",
            CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
          }),
        ]),
      }),
    });
  });

  it("lets the API sign, read and delete originals and write variants, and nothing else of the bucket", () => {
    const policies = JSON.stringify(resources(prod.Api, "AWS::IAM::Policy"));
    expect(policies).not.toMatch(/"s3:\*"/);
    expect(policies).toMatch(/uploads\/\*/);
    expect(policies).toMatch(/media\/\*/);
    expect(policies).not.toContain("s3:ListBucket");
  });
});

describe("image processing bundle", () => {
  /** The SST function construct behind the API (its merged props are private to SST; read only). */
  const apiFunction = () => {
    const found = getStack(Api)
      .node.findAll()
      .find((node) => node instanceof SstFunction && node.node.id === "ApiFunction");
    return (found as unknown as { props: FunctionProps } | undefined)?.props;
  };

  it("installs sharp for the API function's own architecture (linux arm64), the version tested here", async () => {
    const props = apiFunction();
    expect(props?.architecture).toBe(API_ARCHITECTURE);
    const [, api] = ourFunctions(prod).find(([, fn]) => fn.Properties.Description === "shopguide API") ?? [];
    expect(api?.Properties.Architectures).toEqual(["arm64"]);
    // Kept out of the bundle, and not handed to SST's own install (which pins sharp 0.32.6).
    expect(props?.nodejs?.esbuild?.external).toContain("sharp");
    expect(props?.nodejs?.install ?? []).not.toContain("sharp");
    expect(props?.hooks?.afterBuild).toBeTypeOf("function");
    const version = await installedSharpVersion();
    expect(version).toMatch(/^0\.(3[3-9]|[4-9]\d)\./);
    expect(sharpInstallArgs(API_ARCHITECTURE, version)).toEqual(
      expect.arrayContaining(["--os=linux", "--cpu=arm64", "--libc=glibc", `sharp@${version}`]),
    );
    expect(sharpInstallArgs("x86_64", version)).toContain("--cpu=x64");
  });
});

describe("monitoring stack", () => {
  const alarms = () =>
    resources(prod.Monitoring, "AWS::CloudWatch::Alarm").map(([, alarm]) => alarm.Properties);

  it("alarms on errors and throttles of every function", () => {
    for (const [id] of ourFunctions(prod)) {
      for (const metric of ["Errors", "Throttles"]) {
        const found = alarms().filter(
          (alarm) =>
            alarm.MetricName === metric &&
            alarm.Namespace === "AWS/Lambda" &&
            JSON.stringify(alarm.Dimensions).includes(id),
        );
        expect(found, `${metric} alarm for ${id}`).toHaveLength(1);
      }
    }
  });

  it("alarms on the API, the stream, the queues, parked items, the table and webhook failures, to a mailed topic", () => {
    const names = alarms().map((alarm) => String(alarm.AlarmName));
    for (const suffix of [
      "Api5xxRate",
      "ApiLatencyP99",
      "StreamIteratorAge",
      "StreamFailuresDepth",
      "JobFailuresDepth",
      "ParkedItems",
      "TableThrottles",
      "TableSystemErrors",
      "WebhookFailureRate",
      "StreamConsumer-NearTimeout",
      ...Object.keys(jobs).flatMap((name) => [`Job-${name}-NearTimeout`, `Job-${name}-Failures`]),
    ]) {
      expect(names).toContain(`shopguide-prod-${suffix}`);
    }
    const parked = alarms().find((alarm) => alarm.AlarmName === "shopguide-prod-ParkedItems");
    expect(parked).toMatchObject({
      Namespace: Telemetry.NAMESPACE,
      MetricName: Telemetry.Metric.ParkedItems,
      Dimensions: [{ Name: "service", Value: Telemetry.SERVICE }],
    });
    for (const alarm of alarms())
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
    prod.Monitoring.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "oncall@example.com",
    });
    expect(resources(prod.Monitoring, "AWS::CloudWatch::Dashboard")).toHaveLength(1);
  });
});
