import { Stack } from "aws-cdk-lib";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from "aws-cdk-lib/aws-ses";
import { Topic } from "aws-cdk-lib/aws-sns";
import { LambdaSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Function as SstFunction, type StackContext, use } from "sst/constructs";
import { functionLogGroup } from "./api";
import { suppressFunctionBasics, suppressSstInternals } from "./nag";
import { Storage } from "./storage";

/**
 * Mail through Amazon SES (docs/deployment.md, "Mail"): the sender's domain identity (DKIM), a
 * configuration set every send names, and its bounce and complaint events → an SNS topic → a function
 * that records them in the suppression list (AP207), which every send checks first. Without a mail domain
 * (SHOPGUIDE_MAIL_DOMAIN, else the site's domain) no identity exists and functions send nothing
 * (`SHOPGUIDE_MAIL_TRANSPORT=none`): mail stays in the notification centre.
 */
export function Mail({ stack, app }: StackContext) {
  const { tableAccess, environment, settings, production } = use(Storage);

  const configurationSet = new ConfigurationSet(stack, "MailConfigurationSet", {
    configurationSetName: `shopguide-${app.stage}`,
    // SES's own account-level list as well as ours: a hard bounce is never retried anywhere.
    suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    reputationMetrics: true,
  });

  // SES publishes to the topic with a key it may use; the topic takes TLS only.
  const eventsKey = new Key(stack, "MailEventsKey", {
    description: `shopguide ${app.stage}: SES bounce and complaint events`,
    enableKeyRotation: true,
  });
  eventsKey.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal("ses.amazonaws.com")],
      actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
      resources: ["*"],
    }),
  );
  const events = new Topic(stack, "MailEvents", {
    displayName: `shopguide ${app.stage} mail bounces and complaints`,
    enforceSSL: true,
    masterKey: eventsKey,
  });
  configurationSet.addEventDestination("BouncesAndComplaints", {
    destination: EventDestination.snsTopic(events),
    events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
  });

  const recorder = new SstFunction(stack, "MailEventsFunction", {
    handler: "packages/functions/src/mail-events.handler",
    description: "shopguide mail bounces and complaints",
    timeout: 20,
    environment,
    // Only the suppression list's put (AP207).
    permissions: [tableAccess(["PutItem"])],
    logGroup: functionLogGroup(stack, "MailEventsFunction", production),
  });
  events.addSubscription(new LambdaSubscription(recorder));

  const domain = settings.mailDomain;
  const identity = domain
    ? new EmailIdentity(stack, "MailIdentity", {
        identity: Identity.domain(domain),
        configurationSet,
        mailFromDomain: `bounce.${domain}`,
      })
    : undefined;

  /** What a sending function gets: the transport, sender and configuration set, and leave to send as it. */
  const sending: { environment: Record<string, string>; permissions: PolicyStatement[] } = identity
    ? {
        environment: {
          SHOPGUIDE_MAIL_TRANSPORT: "ses",
          SHOPGUIDE_MAIL_FROM: settings.mailFrom ?? `shopguide <no-reply@${domain}>`,
          SHOPGUIDE_SES_CONFIGURATION_SET: configurationSet.configurationSetName,
        },
        permissions: [
          new PolicyStatement({
            actions: ["ses:SendEmail"],
            resources: [
              identity.emailIdentityArn,
              Stack.of(stack).formatArn({
                service: "ses",
                resource: "configuration-set",
                resourceName: configurationSet.configurationSetName,
              }),
            ],
          }),
        ],
      }
    : { environment: { SHOPGUIDE_MAIL_TRANSPORT: "none" }, permissions: [] };

  if (identity) {
    // The DNS records to add (docs/deployment.md): three DKIM CNAMEs, and MAIL FROM's MX and SPF.
    identity.dkimRecords.forEach((record, index) => {
      stack.addOutputs({ [`MailDkim${index + 1}`]: `${record.name} CNAME ${record.value}` });
    });
  }

  suppressFunctionBasics(recorder.role, false);
  suppressSstInternals(stack);
  return { sending, mailEvents: events, mailEventsFunction: recorder, configurationSet };
}
