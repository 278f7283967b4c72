import { Stack } from "aws-cdk-lib";
import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import type { Construct } from "constructs";

/** Requests per address per 5 minutes before a rate rule blocks it. */
export const RATE_LIMITS = {
  /** Sign-up, log-in, log-out: a person needs a handful; a credential-stuffing run needs thousands. */
  auth: 100,
  /** The conversion doors: brand servers and shop webhooks, bursty but not endless. */
  conversions: 2_000,
  /** Short links: a person clicks a few; a click-inflation script clicks many. */
  redirects: 600,
} as const;

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

const startsWith = (path: string) => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: "STARTS_WITH",
    searchString: path,
    textTransformations: [{ priority: 0, type: "NONE" }],
  },
});

const contains = (text: string) => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: "CONTAINS",
    searchString: text,
    textTransformations: [{ priority: 0, type: "NONE" }],
  },
});

function managed(name: string, priority: number, overrides: string[] = []): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name,
        ...(overrides.length > 0
          ? { ruleActionOverrides: overrides.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
          : {}),
      },
    },
    visibilityConfig: visibility(name),
  };
}

function rateRule(name: string, priority: number, limit: number, scopeDown: object): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action: { block: {} },
    statement: { rateBasedStatement: { limit, aggregateKeyType: "IP", scopeDownStatement: scopeDown } },
    visibilityConfig: visibility(name),
  };
}

/**
 * The site distribution's web ACL. CloudFront web ACLs live in us-east-1 only: a stage deployed elsewhere
 * passes one made there (SHOPGUIDE_WEB_ACL_ARN, see docs/deployment.md) instead.
 */
export function webAcl(scope: Construct): CfnWebACL {
  const stack = Stack.of(scope);
  if (stack.region !== "us-east-1") {
    throw new Error(
      `CloudFront web ACLs must be created in us-east-1; this stage is in ${stack.region}: set SHOPGUIDE_WEB_ACL_ARN`,
    );
  }
  return new CfnWebACL(scope, "WebAcl", {
    scope: "CLOUDFRONT",
    defaultAction: { allow: {} },
    visibilityConfig: visibility("shopguide-web"),
    rules: [
      managed("AWSManagedRulesAmazonIpReputationList", 0),
      // The API accepts bodies up to 256 KB (guides), beyond the common set's 8 KB body rule: count, not block.
      managed("AWSManagedRulesCommonRuleSet", 1, ["SizeRestrictions_BODY"]),
      managed("AWSManagedRulesKnownBadInputsRuleSet", 2),
      rateRule("auth-rate", 10, RATE_LIMITS.auth, startsWith("/api/v1/auth/")),
      rateRule("conversions-rate", 11, RATE_LIMITS.conversions, {
        orStatement: {
          statements: [
            startsWith("/api/v1/integrations/"),
            { andStatement: { statements: [startsWith("/api/v1/brands/"), contains("/conversions")] } },
          ],
        },
      }),
      rateRule("redirect-rate", 12, RATE_LIMITS.redirects, startsWith("/r/")),
    ],
  });
}
