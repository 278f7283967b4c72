import { spawn } from "node:child_process";
import { createServer } from "vite";

/**
 * `npm run dev`: the local runner (API, DynamoDB Local, stream, jobs) on :3000 and Vite with hot reload on
 * :5173, which proxies /api and /r to it. Ctrl-C stops both, and the runner stops DynamoDB Local.
 */
const runner = spawn(process.execPath, ["--import", "tsx", "packages/functions/src/local/main.ts"], {
  env: {
    ...process.env,
    PORT: "3000",
    // Vite serves the web app here, so the runner need not build it; pages come from Vite's origin.
    SHOPGUIDE_BUILD_WEB: "0",
    SHOPGUIDE_WEB_ORIGINS:
      process.env.SHOPGUIDE_WEB_ORIGINS ??
      "http://localhost:3000,http://127.0.0.1:3000,http://localhost:5173",
  },
  stdio: "inherit",
});

const vite = await createServer({ configFile: "web/vite.config.ts" });
await vite.listen();
vite.printUrls();

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await vite.close();
  runner.kill("SIGTERM");
}
runner.on("exit", (code) => {
  void stop().then(() => process.exit(code ?? 0));
});
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
