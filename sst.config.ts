import type { SSTConfig } from "sst";
import { platform } from "./infra/app";

export default {
  config() {
    return { name: "shopguide", region: process.env.SHOPGUIDE_REGION ?? "us-east-1" };
  },
  stacks(app) {
    platform(app);
  },
} satisfies SSTConfig;
