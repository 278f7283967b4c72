import { Duration, Fn, RemovalPolicy } from "aws-cdk-lib";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { HostedZone } from "aws-cdk-lib/aws-route53";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { StringParameter } from "aws-cdk-lib/aws-ssm";
import { type StackContext, StaticSite, use } from "sst/constructs";
import { ORIGIN_SECRET_HEADER } from "../packages/functions/src/origin-secret";
import { Api } from "./api";
import { suppress, suppressSstInternals } from "./nag";
import { publicUrlParameterName } from "./stage";
import { Storage } from "./storage";
import { webAcl } from "./waf";

/** The site's Content-Security-Policy; the same values as the app's own security headers. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data: https:; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/** Paths whose HTML the API renders (server-side head), the rest of the site being static files. */
export const PAGE_PATHS = ["/guides/*", "/groupbuys/*", "/@*", "/robots.txt", "/sitemap.xml"];

/** Cache-Control of the hashed build output, the same as the local server's. */
export const IMMUTABLE_ASSETS = "public,max-age=31536000,immutable";

/**
 * The SPA fallback, on the site's behavior only: a path whose last segment has no dot is a client-side
 * route and gets index.html. /api/* and /r/* never pass through it, so their 403s and 404s reach clients as
 * they were sent (a distribution-wide error response would turn them into the SPA with status 200).
 */
const SPA_FALLBACK = `function handler(event) {
  var request = event.request;
  if (request.uri.startsWith("/.well-known/")) return request;
  var last = request.uri.split("/").pop();
  if (last.indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

/**
 * The Vite build on S3 + CloudFront. The same distribution forwards /api/* and /r/* to the HTTP API, so the
 * web app and the API share one origin: the session cookie stays first-party and SameSite=Lax holds.
 */
export function Web({ stack, app }: StackContext) {
  const { api, originSecret } = use(Api);
  const { settings, production, media } = use(Storage);
  const apiHost = Fn.select(2, Fn.split("/", api.url));

  /** CloudFront standard logs and the site bucket's access logs. */
  const logs = new Bucket(stack, "AccessLogs", {
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    // CloudFront standard logging writes with ACLs.
    objectOwnership: ObjectOwnership.OBJECT_WRITER,
    lifecycleRules: [{ expiration: Duration.days(production ? 365 : 30) }],
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    autoDeleteObjects: !production,
  });

  // The API sees its own execute-api host; this tells it the site's host, for the same-origin check.
  const forwardHost = new CloudFrontFunction(stack, "ForwardHost", {
    code: FunctionCode.fromInline(
      "function handler(event) { var r = event.request; r.headers['x-forwarded-host'] = { value: r.headers.host.value }; return r; }",
    ),
  });
  const spaFallback = new CloudFrontFunction(stack, "SpaFallback", {
    code: FunctionCode.fromInline(SPA_FALLBACK),
  });

  const siteHeaders = new ResponseHeadersPolicy(stack, "SiteHeaders", {
    comment: "shopguide site security headers",
    securityHeadersBehavior: {
      // Pages upload straight to the media bucket (presigned POSTs), so they may connect to it too.
      contentSecurityPolicy: {
        contentSecurityPolicy: `${CONTENT_SECURITY_POLICY}; connect-src 'self' https://${media.bucketRegionalDomainName}`,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: {
        referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(365),
        includeSubdomains: true,
        override: true,
      },
    },
  });
  // The API's answers keep the headers the app sets (override: false); these fill in what it leaves out.
  const apiHeaders = new ResponseHeadersPolicy(stack, "ApiHeaders", {
    comment: "shopguide API security headers (the app's own win)",
    securityHeadersBehavior: {
      contentTypeOptions: { override: false },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: false },
      referrerPolicy: {
        referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: false,
      },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(365),
        includeSubdomains: true,
        override: false,
      },
    },
  });

  const apiBehavior = {
    origin: new HttpOrigin(apiHost, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      // Only CloudFront knows this value; the API and redirect reject requests without it.
      customHeaders: { [ORIGIN_SECRET_HEADER]: originSecret.secretValue.unsafeUnwrap() },
    }),
    functionAssociations: [{ function: forwardHost, eventType: FunctionEventType.VIEWER_REQUEST }],
    viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: AllowedMethods.ALLOW_ALL,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    responseHeadersPolicy: apiHeaders,
  };

  /**
   * Shareable pages answer their own head (title, Open Graph, Twitter card) or a real 404: the API Lambda
   * renders them from the table (packages/functions/src/web/pages.ts) around the deployed index.html. They
   * carry the site's security headers, not the API's; nothing per visitor is in them.
   */
  const pageBehavior = {
    ...apiBehavior,
    allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
    responseHeadersPolicy: siteHeaders,
  };

  /**
   * Processed images, straight from the private media bucket through origin access control. Variant keys
   * never get new bytes, so they are cached for good (the objects carry `immutable` Cache-Control too).
   */
  const mediaBehavior = {
    origin: S3BucketOrigin.withOriginAccessControl(
      Bucket.fromBucketName(stack, "MediaBucket", media.bucketName),
    ),
    viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
    cachePolicy: CachePolicy.CACHING_OPTIMIZED,
    responseHeadersPolicy: siteHeaders,
  };

  const customDomain = settings.domain
    ? {
        domainName: settings.domain,
        cdk: {
          ...(settings.hostedZone
            ? {
                hostedZone: HostedZone.fromHostedZoneAttributes(stack, "Zone", {
                  hostedZoneId: settings.hostedZone.id,
                  zoneName: settings.hostedZone.name,
                }),
              }
            : {}),
          ...(settings.certificateArn
            ? { certificate: Certificate.fromCertificateArn(stack, "Certificate", settings.certificateArn) }
            : {}),
        },
        ...(settings.hostedZone ? {} : { isExternalDomain: true }),
      }
    : undefined;

  const site = new StaticSite(stack, "Web", {
    path: "web",
    buildCommand: "npx vite build",
    buildOutput: "dist",
    // Only the hashed build output is kept a year (as the local server does); index.html is revalidated.
    assets: { fileOptions: [{ files: "assets/**", cacheControl: IMMUTABLE_ASSETS }] },
    ...(customDomain ? { customDomain } : {}),
    cdk: {
      bucket: {
        serverAccessLogsBucket: logs,
        serverAccessLogsPrefix: "s3/",
        enforceSSL: true,
        encryption: BucketEncryption.S3_MANAGED,
      },
      distribution: {
        // No distribution-wide error responses: the SPA fallback is the site behavior's function.
        errorResponses: [],
        defaultBehavior: {
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
          responseHeadersPolicy: siteHeaders,
        },
        additionalBehaviors: {
          "/api/*": apiBehavior,
          "/r/*": apiBehavior,
          "/media/*": mediaBehavior,
          ...Object.fromEntries(PAGE_PATHS.map((path) => [path, pageBehavior])),
        },
        enableLogging: true,
        logBucket: logs,
        logFilePrefix: "cloudfront/",
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
        webAclId: settings.webAclArn ?? webAcl(stack).attrArn,
      },
    },
  });

  const distribution = site.cdk?.distribution;
  if (!distribution) throw new Error("the static site has no distribution");
  const publicUrl = settings.domain
    ? `https://${settings.domain}`
    : `https://${distribution.distributionDomainName}`;
  // Read by the API, stream and job functions at cold start (see publicUrlWiring in infra/api.ts).
  new StringParameter(stack, "PublicUrl", {
    parameterName: publicUrlParameterName(app.name, app.stage),
    stringValue: publicUrl,
    description: "shopguide public base URL (custom domain, else the CloudFront domain)",
  });

  if (!settings.domain) {
    suppress(
      distribution,
      "CFR4",
      "Without a custom domain the distribution serves *.cloudfront.net, whose TLS policy CloudFront sets; with SHOPGUIDE_DOMAIN it is TLSv1.2_2021.",
    );
  }
  suppress(
    distribution,
    "CFR7",
    "SST v2's StaticSite reaches its bucket through an origin access identity; the bucket still blocks all public access.",
  );
  suppress(distribution, "CFR1", "Creators and shoppers are worldwide: no geo restriction.");
  suppressSstInternals(stack);

  stack.addOutputs({ WebUrl: publicUrl });
  return { site, distribution, logs };
}
