import { Match, Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { initProject } from "sst/project.js";
import { beforeAll, describe, expect, it } from "vitest";
import { Table as TableDefinition } from "../packages/core/src/dynamo/table";
import { jobs } from "../packages/functions/src/schedule";
import { Api } from "./api";
import { Jobs } from "./jobs";
import { Storage } from "./storage";
import { Web } from "./web";

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

let storage: Template;
let api: Template;
let web: Template;
let jobsStack: Template;

/** Synthesizes the stacks offline (no AWS credentials): an App with an explicit account and region. */
beforeAll(async () => {
  await initProject({ stage: "test" });
  const app = new App({
    mode: "deploy",
    stage: "test",
    name: "shopguide",
    region: "us-east-1",
    account: "123456789012",
  });
  app.setDefaultFunctionProps({ runtime: "nodejs22.x", architecture: "arm_64" });
  app.stack(Storage).stack(Api).stack(Jobs).stack(Web);
  storage = Template.fromStack(getStack(Storage));
  api = Template.fromStack(getStack(Api));
  web = Template.fromStack(getStack(Web));
  jobsStack = Template.fromStack(getStack(Jobs));
});

describe("storage stack", () => {
  it("declares the table exactly as core defines it", () => {
    storage.hasResourceProperties("AWS::DynamoDB::Table", {
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
});

describe("api stack", () => {
  /** Our functions (SST adds helper functions of its own for custom resources). */
  const functions = () =>
    Object.values(api.findResources("AWS::Lambda::Function") as Resources).filter((fn) =>
      String(fn.Properties.Description ?? "").startsWith("shopguide"),
    );

  it("runs every function on Node.js 22 and arm64", () => {
    expect(functions().length).toBeGreaterThanOrEqual(2);
    for (const fn of functions()) {
      expect(fn.Properties.Runtime).toBe("nodejs22.x");
      expect(fn.Properties.Architectures).toEqual(["arm64"]);
    }
  });

  it("serves the Hono app from the HTTP API's $default route", () => {
    api.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" });
    api.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "$default" });
  });

  it("serves GET and HEAD /r/{code} from its own function that may only read links and write clicks", () => {
    const routes = Object.values(api.findResources("AWS::ApiGatewayV2::Route") as Resources).map(
      (route) => route.Properties.RouteKey,
    );
    expect(routes).toEqual(expect.arrayContaining(["$default", "GET /r/{code}", "HEAD /r/{code}"]));
    const redirect = Object.entries(api.findResources("AWS::Lambda::Function") as Resources).find(([, fn]) =>
      String(fn.Properties.Description).startsWith("shopguide redirect"),
    );
    if (!redirect) throw new Error("no redirect function in the api stack");
    const role = (redirect[1].Properties.Role as { "Fn::GetAtt": string[] })["Fn::GetAtt"][0];
    const policies = Object.values(api.findResources("AWS::IAM::Policy") as Resources).filter((policy) =>
      JSON.stringify(policy.Properties.Roles).includes(String(role)),
    );
    const actions = policies.flatMap((policy) =>
      (
        policy.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[] }> }
      ).Statement.flatMap((statement) => [statement.Action].flat()),
    );
    expect(actions.filter((action) => action.startsWith("dynamodb:")).sort()).toEqual([
      "dynamodb:GetItem",
      "dynamodb:PutItem",
    ]);
  });

  it("tells every function it sits behind CloudFront and binds secrets instead of putting them in the environment", () => {
    for (const fn of functions()) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.SHOPGUIDE_BEHIND_CLOUDFRONT).toBe("1");
      expect(variables.SHOPGUIDE_IP_HASH_SECRET).toBeUndefined();
      expect(variables.SHOPGUIDE_SECRETS_KEY).toBeUndefined();
    }
  });

  it("consumes the table stream with partial batch failure reporting and a failure queue", () => {
    api.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BisectBatchOnFunctionError: true,
      // Bounded: the handler parks poison records after 5 deliveries, well inside this.
      MaximumRetryAttempts: 10,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it("scopes table permissions to this table and its indexes, never dynamodb:* on *", () => {
    const policies = Object.values(api.findResources("AWS::IAM::Policy") as Resources);
    const statements = policies.flatMap(
      (policy) =>
        (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
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

  it("never enables the dev clock", () => {
    for (const fn of functions()) {
      const variables =
        (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      expect(variables.SHOPGUIDE_DEV_CLOCK).toBeUndefined();
      expect(Object.keys(variables)).toContain("SHOPGUIDE_TABLE");
    }
  });
});

describe("jobs stack", () => {
  it("schedules every job of the schedule handler, passing its name", () => {
    expect(Object.keys(jobs).length).toBeGreaterThan(0);
    for (const name of Object.keys(jobs)) {
      jobsStack.hasResourceProperties("AWS::Events::Rule", {
        ScheduleExpression: Match.stringLikeRegexp("^rate\\("),
        Targets: [Match.objectLike({ Input: JSON.stringify({ job: name }) })],
      });
    }
  });
});

describe("outgoing webhooks", () => {
  it("delivers due webhooks every minute, with a timeout longer than the job's 40 s budget plus one send", () => {
    expect(jobs["deliver-webhooks"]).toMatchObject({ everySeconds: 60, timeoutSeconds: 60 });
    jobsStack.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      Targets: [Match.objectLike({ Input: JSON.stringify({ job: "deliver-webhooks" }) })],
    });
    jobsStack.hasResourceProperties("AWS::Lambda::Function", {
      Description: "shopguide job deliver-webhooks",
      Timeout: 60,
    });
  });

  it("never lets endpoints use private hosts or plain http in any stack", () => {
    for (const template of [storage, api, jobsStack, web]) {
      for (const fn of Object.values(template.findResources("AWS::Lambda::Function") as Resources)) {
        const variables =
          (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
        expect(variables.SHOPGUIDE_OUTBOUND_ALLOW_HOSTS).toBeUndefined();
        expect(variables.SHOPGUIDE_DEV_CLOCK).toBeUndefined();
      }
    }
  });
});

describe("web stack", () => {
  it("routes /api/* and /r/* on the site's distribution to the API", () => {
    web.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({
            PathPattern: "/api/*",
            FunctionAssociations: [Match.objectLike({ EventType: "viewer-request" })],
          }),
          Match.objectLike({ PathPattern: "/r/*" }),
        ]),
      }),
    });
  });
});
