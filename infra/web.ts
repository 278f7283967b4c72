import { Fn } from "aws-cdk-lib";
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { type StackContext, StaticSite, use } from "sst/constructs";
import { Api } from "./api";

/**
 * The Vite build on S3 + CloudFront. The same distribution forwards /api/* and /r/* to the HTTP API, so the
 * web app and the API share one origin: the session cookie stays first-party and SameSite=Lax holds.
 */
export function Web({ stack }: StackContext) {
  const { api } = use(Api);
  const apiHost = Fn.select(2, Fn.split("/", api.url));
  // The API sees its own execute-api host; this tells it the site's host, for the same-origin check.
  const forwardHost = new CloudFrontFunction(stack, "ForwardHost", {
    code: FunctionCode.fromInline(
      "function handler(event) { var r = event.request; r.headers['x-forwarded-host'] = { value: r.headers.host.value }; return r; }",
    ),
  });
  const apiBehavior = {
    origin: new HttpOrigin(apiHost, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
    functionAssociations: [{ function: forwardHost, eventType: FunctionEventType.VIEWER_REQUEST }],
    viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    allowedMethods: AllowedMethods.ALLOW_ALL,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
  };

  const site = new StaticSite(stack, "Web", {
    path: "web",
    buildCommand: "npx vite build",
    buildOutput: "dist",
    errorPage: "redirect_to_index_page",
    cdk: { distribution: { additionalBehaviors: { "/api/*": apiBehavior, "/r/*": apiBehavior } } },
  });

  stack.addOutputs({ WebUrl: site.url ?? "" });
  return { site };
}
