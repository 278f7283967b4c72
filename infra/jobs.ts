import { RuleTargetInput } from "aws-cdk-lib/aws-events";
import { Cron, type StackContext, use } from "sst/constructs";
import { jobs } from "../packages/functions/src/schedule";
import { Storage } from "./storage";

function rate(seconds: number): `rate(${string})` {
  const minutes = Math.max(1, Math.round(seconds / 60));
  return `rate(${minutes} ${minutes === 1 ? "minute" : "minutes"})`;
}

/** One EventBridge schedule per job in the schedule handler's job table; the local runner uses timers. */
export function Jobs({ stack }: StackContext) {
  const { tableAccess, environment, secrets } = use(Storage);
  for (const [name, job] of Object.entries(jobs)) {
    new Cron(stack, `Job-${name}`, {
      schedule: rate(job.everySeconds),
      job: {
        function: {
          handler: "packages/functions/src/schedule.handler",
          description: `shopguide job ${name}`,
          ...(job.timeoutSeconds ? { timeout: job.timeoutSeconds } : {}),
          environment,
          permissions: [tableAccess],
          bind: [secrets.secretsKey],
        },
        cdk: { target: { event: RuleTargetInput.fromObject({ job: name }) } },
      },
    });
  }
}
