import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "infra/**/*.test.ts", "tests/**/*.test.ts"],
    // One DynamoDB Local for the whole run, on a free port; each test file then gets a table of its own.
    globalSetup: ["tests/fixtures/global-setup.ts"],
    setupFiles: ["tests/fixtures/table-per-file.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Request and job log lines and EMF metrics stay quiet in tests (errors still print); the telemetry test
    // turns them on for itself.
    env: {
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      POWERTOOLS_LOG_LEVEL: "WARN",
      POWERTOOLS_METRICS_DISABLED: "true",
    },
  },
});
