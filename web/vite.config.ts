import { defineConfig } from "vite";
import solid from "vite-plugin-solid";
import { buildStamp } from "./build-stamp.ts";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [solid(), buildStamp(import.meta.dirname)],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The per-plugin timing report is for profiling builds, not a warning about this one.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    port: 5173,
    // The runner listens on 127.0.0.1 only; "localhost" may resolve to ::1 first.
    proxy: { "/api": "http://127.0.0.1:3000", "/r": "http://127.0.0.1:3000" },
  },
});
