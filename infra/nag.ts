import type { Stack } from "aws-cdk-lib";
import type { IRole } from "aws-cdk-lib/aws-iam";
import { NagSuppressions } from "cdk-nag";
import type { IConstruct } from "constructs";

type Finding = string | { regex: string };

/**
 * One cdk-nag AwsSolutions suppression on one resource for one rule, with why. `appliesTo` narrows an IAM
 * rule to the exact finding (a managed policy, a wildcard resource), so a new wildcard still fails.
 */
export function suppress(resource: IConstruct, rule: string, reason: string, appliesTo?: Finding[]): void {
  NagSuppressions.addResourceSuppressions(resource, [
    { id: `AwsSolutions-${rule}`, reason, ...(appliesTo ? { appliesTo } : {}) },
  ]);
}

/** The same, for a resource a library creates that our code holds no handle to. */
export function suppressPath(
  stack: Stack,
  path: string,
  rule: string,
  reason: string,
  appliesTo?: Finding[],
) {
  NagSuppressions.addResourceSuppressionsByPath(stack, `/${stack.node.path}/${path}`, [
    { id: `AwsSolutions-${rule}`, reason, ...(appliesTo ? { appliesTo } : {}) },
  ]);
}

const BASIC_EXECUTION =
  "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

/**
 * The findings every function of ours has by construction: the basic execution role (logs only), X-Ray's
 * actions (which take no resource) and, where it queries, the table's indexes.
 */
export function suppressFunctionBasics(role: IRole | undefined, queriesIndexes: boolean): void {
  if (!role) return;
  suppress(role, "IAM4", "AWSLambdaBasicExecutionRole grants only CloudWatch Logs writes for the function.", [
    BASIC_EXECUTION,
  ]);
  const policy = role.node.tryFindChild("DefaultPolicy");
  if (!policy) return;
  const findings: Finding[] = ["Resource::*"];
  if (queriesIndexes) findings.push({ regex: "/^Resource::.*\\/index\\/\\*$/g" });
  suppress(
    policy,
    "IAM5",
    "Resource * only for actions that take no resource (X-Ray's PutTraceSegments/PutTelemetryRecords; the stream consumer's dynamodb:ListStreams); index/* is this one table's indexes, which its queries read.",
    findings,
  );
}

/** SST's own per-stack custom resource handler (stack metadata, uploads): its runtime and role are SST's. */
export function suppressSstInternals(stack: Stack): void {
  if (!stack.node.tryFindChild("CustomResourceHandler")) return;
  suppressPath(
    stack,
    "CustomResourceHandler/Resource",
    "L1",
    "SST's internal handler; its runtime is SST's.",
  );
  suppressPath(
    stack,
    "CustomResourceHandler/ServiceRole/Resource",
    "IAM4",
    "SST's internal handler uses the logs-only basic execution role.",
    [BASIC_EXECUTION],
  );
}
