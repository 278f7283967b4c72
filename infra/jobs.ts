import { Duration } from "aws-cdk-lib";
import { RuleTargetInput } from "aws-cdk-lib/aws-events";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Cron, type StackContext, use } from "sst/constructs";
import { jobs } from "../packages/functions/src/schedule";
import { functionLogGroup, publicUrlWiring } from "./api";
import { Mail } from "./mail";
import { suppress, suppressFunctionBasics, suppressSstInternals } from "./nag";
import { Storage, type TableAction } from "./storage";

function rate(seconds: number): `rate(${string})` {
  const minutes = Math.max(1, Math.round(seconds / 60));
  return `rate(${minutes} ${minutes === 1 ? "minute" : "minutes"})`;
}

/** A transaction's items each need their own action, so transactional writers get these together. */
const TRANSACTIONAL: TableAction[] = [
  "TransactWriteItems",
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "ConditionCheckItem",
];

/**
 * The table actions each job's code issues (read from its domain's `.dynamo.ts`). A job added to the
 * schedule handler without an entry here fails synthesis, so its grant is a decision, not a default.
 */
export const jobTableActions: Record<string, TableAction[]> = {
  "rebuild-trending": ["GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "DeleteItem"],
  "release-holds": ["GetItem", "BatchGetItem", "Query", ...TRANSACTIONAL],
  "close-statements": ["GetItem", "BatchGetItem", "Query", ...TRANSACTIONAL],
  "settle-groupbuys": ["GetItem", "BatchGetItem", "Query", ...TRANSACTIONAL],
  "deliver-webhooks": ["GetItem", "BatchGetItem", "Query", ...TRANSACTIONAL],
  "recheck-domains": ["GetItem", "BatchGetItem", "Query", ...TRANSACTIONAL],
  "send-digests": ["GetItem", "BatchGetItem", "Query", ...TRANSACTIONAL],
  "account-sweeps": ["GetItem", "BatchGetItem", "Query", ...TRANSACTIONAL],
};

/**
 * Jobs that sign or read sealed secrets (outgoing webhooks; unsubscribe links, which the group-buy notices
 * the settle job carries on carry too): they may use the KMS key.
 */
const SEALING_JOBS = new Set(["deliver-webhooks", "send-digests", "settle-groupbuys"]);

/** Jobs that send mail (through SES in the cloud): the digest, and group-buy notices past the stream's pages. */
const MAILING_JOBS = new Set(["send-digests", "settle-groupbuys"]);

/** One EventBridge schedule per job in the schedule handler's job table; the local runner uses timers. */
export function Jobs({ stack, app }: StackContext) {
  const { tableAccess, secretsKey, environment, settings, production } = use(Storage);
  const { sending } = use(Mail);
  /** Runs whose async invocation failed after Lambda's retries, and events EventBridge could not deliver. */
  const jobFailures = new Queue(stack, "JobFailures", {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  const publicUrl = publicUrlWiring(stack, app, settings.domain);
  const functions: Record<string, LambdaFunction> = {};
  for (const [name, job] of Object.entries(jobs)) {
    const actions = jobTableActions[name];
    if (!actions) throw new Error(`infra/jobs.ts: no table actions declared for job ${name}`);
    const sealing = SEALING_JOBS.has(name);
    const mailing = MAILING_JOBS.has(name);
    const cron = new Cron(stack, `Job-${name}`, {
      schedule: rate(job.everySeconds),
      job: {
        function: {
          handler: "packages/functions/src/schedule.handler",
          description: `shopguide job ${name}`,
          ...(job.timeoutSeconds ? { timeout: job.timeoutSeconds } : {}),
          environment: {
            ...environment,
            ...publicUrl.environment,
            ...(sealing ? { SHOPGUIDE_KMS_KEY_ID: secretsKey.keyArn } : {}),
            ...(mailing ? sending.environment : {}),
          },
          permissions: [
            tableAccess(actions),
            ...publicUrl.permissions,
            ...(sealing ? [kmsStatement(secretsKey.keyArn)] : []),
            ...(mailing ? sending.permissions : []),
          ],
          // Jobs are safe when two run at once, but never need more; a runaway loop cannot starve the API.
          reservedConcurrentExecutions: 2,
          // A run that still fails after Lambda's two async retries lands here, with its event.
          deadLetterQueue: jobFailures,
          logGroup: functionLogGroup(stack, `Job-${name}`, production),
        },
        cdk: {
          target: {
            event: RuleTargetInput.fromObject({ job: name }),
            // An event EventBridge itself could not deliver lands here too.
            deadLetterQueue: jobFailures,
            maxEventAge: Duration.hours(1),
            retryAttempts: 2,
          },
        },
      },
    });
    functions[name] = cron.jobFunction;
    suppressFunctionBasics(cron.jobFunction.role, actions.includes("Query"));
  }
  suppress(jobFailures, "SQS3", "This queue is itself the jobs' dead-letter queue.");
  suppressSstInternals(stack);
  return { jobFunctions: functions, jobFailures };
}

function kmsStatement(keyArn: string) {
  return new PolicyStatement({ actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [keyArn] });
}
