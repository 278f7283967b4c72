import { Mail } from "@shopguide/core/mail";
import { Telemetry } from "@shopguide/core/telemetry";
import type { SNSEvent } from "aws-lambda";
import { loadBoundSecrets } from "./secrets";

await loadBoundSecrets();

/**
 * Lambda entry point for SES's bounce and complaint events (configuration set → SNS topic → here): each
 * hard bounce and complaint lands in the suppression list (AP207), which every send checks first. The
 * write is idempotent (the first reason is kept), so SNS's redelivery is harmless; a failure throws and
 * SNS retries.
 */
export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    const suppressed = await Mail.recordSesEvent(record.Sns.Message);
    if (suppressed > 0) Telemetry.log.info("mail suppressed", { suppressed });
  }
}
