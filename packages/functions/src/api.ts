import { handle } from "hono/aws-lambda";
import { app } from "./api/app";
import { loadBoundSecrets } from "./secrets";

await loadBoundSecrets();

/** Lambda entry point: the whole Hono app behind the HTTP API's $default route. */
export const handler = handle(app);
