import { AspectPriority, Aspects, type IAspect } from "aws-cdk-lib";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import type { IConstruct } from "constructs";
import { type App, type FunctionProps, Function as SstFunction } from "sst/constructs";
import { Api } from "./api";
import { Jobs } from "./jobs";
import { Mail } from "./mail";
import { Monitoring } from "./monitoring";
import { isProduction } from "./stage";
import { Storage } from "./storage";
import { Web } from "./web";

/** Every function's defaults: the current Node.js LTS on arm64, traced, ESM, the runtime's own AWS SDK. */
export const functionDefaults: FunctionProps = {
  runtime: "nodejs24.x",
  architecture: "arm_64",
  memorySize: 1024,
  timeout: 20,
  tracing: "active",
  // Node.js 24's runtime ships the AWS SDK v3: leave it out of every bundle.
  nodejs: { format: "esm", minify: true, sourcemap: true, esbuild: { external: ["@aws-sdk/*", "sharp"] } },
};

/**
 * SST writes a placeholder runtime into each function and the real one only after bundling; this writes the
 * real one at synthesis, so an offline template (the infra tests, cdk-nag) shows what deploys.
 */
class DeclaredRuntime implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof SstFunction)) return;
    // SST keeps a function's merged props private; read, never written.
    const runtime = (node as unknown as { props: FunctionProps }).props.runtime;
    if (typeof runtime === "string" && runtime.startsWith("nodejs"))
      (node.node.defaultChild as CfnFunction).runtime = runtime;
  }
}

/** The whole platform, as `sst deploy` and the infra tests build it. */
export function platform(app: App): void {
  app.setDefaultFunctionProps(functionDefaults);
  if (!isProduction(app.stage)) app.setDefaultRemovalPolicy("destroy");
  Aspects.of(app).add(new DeclaredRuntime(), { priority: AspectPriority.MUTATING });
  app.stack(Storage).stack(Mail).stack(Api).stack(Jobs).stack(Web).stack(Monitoring);
}
