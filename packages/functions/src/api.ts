import { handle } from "hono/aws-lambda";
import { loadBoundSecrets } from "./secrets";

await loadBoundSecrets();
// Imported only once the secrets and the public URL are in the environment: the app reads config() as it
// loads (the OpenAPI document's server URL), and config() is parsed once.
const { app } = await import("./api/app");

/** Lambda entry point: the whole Hono app behind the HTTP API's $default route. */
export const handler = handle(app);
