import { handle } from "hono/aws-lambda";
import { app } from "./api/app";
import { exportBoundSecrets } from "./secrets";

exportBoundSecrets();

/** Lambda entry point: the whole Hono app behind the HTTP API's $default route. */
export const handler = handle(app);
