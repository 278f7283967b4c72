/**
 * Per-stage deployment settings, read from the deploying shell's environment (see docs/deployment.md).
 * Every one is optional, so any stage, prod included, synthesizes offline with none set.
 */
export interface StageSettings {
  /** Custom domain of the site and API, e.g. `shopguide.example`; unset: the CloudFront domain. */
  domain: string | undefined;
  /** Route 53 hosted zone holding `domain` (id and name); the certificate is DNS-validated in it. */
  hostedZone: { id: string; name: string } | undefined;
  /** An existing ACM certificate (us-east-1) for `domain`, instead of one issued through the zone. */
  certificateArn: string | undefined;
  /** Where the stage's alarms are mailed; unset: the topic has no subscriber (subscribe by hand). */
  alarmEmail: string | undefined;
  /** A CLOUDFRONT-scope web ACL made elsewhere; required when the stacks are not in us-east-1. */
  webAclArn: string | undefined;
  /** The domain mail is sent from (an SES identity); default: `domain`. Unset with no domain: no mail. */
  mailDomain: string | undefined;
  /** The From header, e.g. `shopguide <no-reply@mail.example>`; default: no-reply@<mailDomain>. */
  mailFrom: string | undefined;
}

const value = (name: string) => process.env[name]?.trim() || undefined;

export function stageSettings(stage: string): StageSettings {
  const zoneId = value("SHOPGUIDE_HOSTED_ZONE_ID");
  const domain = value("SHOPGUIDE_DOMAIN");
  const settings: StageSettings = {
    domain,
    hostedZone: zoneId ? { id: zoneId, name: value("SHOPGUIDE_HOSTED_ZONE") ?? domain ?? "" } : undefined,
    certificateArn: value("SHOPGUIDE_CERTIFICATE_ARN"),
    alarmEmail: value("SHOPGUIDE_ALARM_EMAIL"),
    webAclArn: value("SHOPGUIDE_WEB_ACL_ARN"),
    mailDomain: value("SHOPGUIDE_MAIL_DOMAIN") ?? domain,
    mailFrom: value("SHOPGUIDE_MAIL_FROM"),
  };
  if (settings.domain && !settings.hostedZone && !settings.certificateArn) {
    throw new Error(
      `Stage ${stage}: SHOPGUIDE_DOMAIN needs SHOPGUIDE_HOSTED_ZONE_ID (and SHOPGUIDE_HOSTED_ZONE) or SHOPGUIDE_CERTIFICATE_ARN`,
    );
  }
  return settings;
}

/** Stages whose data must outlive a mistake: deletion protection, retained table, key and logs. */
export function isProduction(stage: string): boolean {
  return stage === "prod" || stage === "production";
}

/** SSM parameter holding the stage's public URL, written by the web stack, read by functions at cold start. */
export function publicUrlParameterName(app: string, stage: string): string {
  return `/${app}/${stage}/public-url`;
}
