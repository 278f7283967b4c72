import type { SSTConfig } from "sst";
import { Api } from "./infra/api";
import { Jobs } from "./infra/jobs";
import { Storage } from "./infra/storage";
import { Web } from "./infra/web";

export default {
  config() {
    return { name: "shopguide", region: "us-east-1" };
  },
  stacks(app) {
    app.setDefaultFunctionProps({
      runtime: "nodejs22.x",
      architecture: "arm_64",
      memorySize: 1024,
      timeout: 20,
      tracing: "active",
      // Node.js 22's runtime ships the AWS SDK v3: leave it out of every bundle.
      nodejs: { format: "esm", minify: true, sourcemap: true, esbuild: { external: ["@aws-sdk/*"] } },
    });
    if (app.stage !== "prod") app.setDefaultRemovalPolicy("destroy");
    app.stack(Storage).stack(Api).stack(Jobs).stack(Web);
  },
} satisfies SSTConfig;
