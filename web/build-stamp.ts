import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Plugin } from "vite";

/** Written into the build output: the hash of the inputs that build was made from. */
export const STAMP_FILE = ".build-inputs";

const SKIP = new Set(["dist", "node_modules"]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !SKIP.has(entry.name))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/**
 * A hash of everything a web build reads: web/ (sources, index.html, public files, vite and TypeScript
 * config) and the lockfile (the versions of Vite, Solid and every other dependency). Names are hashed too, so
 * a rename changes it.
 */
export function webInputsHash(webRoot: string): string {
  const hash = createHash("sha256");
  const lockfile = resolve(webRoot, "..", "package-lock.json");
  for (const file of [...filesUnder(webRoot), ...(existsSync(lockfile) ? [lockfile] : [])]) {
    hash.update(relative(webRoot, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/** Whether web/dist was built from the current inputs (so `npm start` can skip building it). */
export function webBuildIsCurrent(webRoot: string): boolean {
  const stamp = join(webRoot, "dist", STAMP_FILE);
  return existsSync(stamp) && readFileSync(stamp, "utf8").trim() === webInputsHash(webRoot);
}

/** Stamps every build with its inputs' hash, taken when the build starts, written once it has finished. */
export function buildStamp(webRoot: string): Plugin {
  let inputs = "";
  return {
    name: "shopguide:build-stamp",
    apply: "build",
    buildStart() {
      inputs = webInputsHash(webRoot);
    },
    closeBundle() {
      writeFileSync(join(webRoot, "dist", STAMP_FILE), `${inputs}\n`);
    },
  };
}
