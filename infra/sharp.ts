import { execFile } from "node:child_process";
import { lstat, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { FunctionProps } from "sst/constructs";

type Architecture = NonNullable<FunctionProps["architecture"]>;

/** The sharp version the tests ran against: the one installed here, so the cloud decodes what CI decoded. */
export async function installedSharpVersion(root = process.cwd()): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(root, "node_modules/sharp/package.json"), "utf8"));
  return String(manifest.version);
}

/**
 * The npm command that puts sharp and its prebuilt libvips for the Lambda's platform (linux, glibc, the
 * function's CPU) into a bundle: since sharp 0.33 the native parts are optional dependencies chosen by
 * `--os/--cpu/--libc`, so this works from any build machine, with no install scripts.
 */
export function sharpInstallArgs(architecture: Architecture, version: string): string[] {
  return [
    "install",
    "--no-save",
    "--no-package-lock",
    "--no-audit",
    "--no-fund",
    "--omit=dev",
    "--ignore-scripts",
    "--os=linux",
    `--cpu=${architecture === "arm_64" ? "arm64" : "x64"}`,
    "--libc=glibc",
    `sharp@${version}`,
  ];
}

/**
 * Build hooks that install sharp into a deployed function's bundle for its architecture. Not
 * `nodejs.install: ["sharp"]`: SST v2 (2.49) turns that into `npm install --omit=optional --force sharp@0.32.6`,
 * an older sharp than the one tested here that fetches libvips from GitHub in an install script. In
 * `sst dev` the bundle's node_modules is a link to the project's own, which already has the local build.
 */
export function sharpBundleHooks(architecture: Architecture): NonNullable<FunctionProps["hooks"]> {
  return {
    async afterBuild(_props, out) {
      const modules = await lstat(path.join(out, "node_modules")).catch(() => undefined);
      if (modules?.isSymbolicLink()) return;
      const version = await installedSharpVersion();
      await promisify(execFile)("npm", sharpInstallArgs(architecture, version), { cwd: out });
    },
  };
}
