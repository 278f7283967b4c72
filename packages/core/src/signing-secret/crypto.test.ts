import { describe, expect, it } from "vitest";
import { config } from "../config";
import { decrypt, encrypt, localSealer, sealer } from "./crypto";

describe("sealing secrets locally", () => {
  it("is the sealer when no KMS key is configured, and round-trips", async () => {
    expect(config().kmsKeyId).toBeUndefined();
    expect(sealer()).toBe(localSealer);
    const sealed = await encrypt("whsec_example", "brd_1");
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("whsec_example");
    expect(await decrypt(sealed, "brd_1")).toBe("whsec_example");
  });

  it("uses a fresh IV each time", async () => {
    expect(await encrypt("same", "brd_1")).not.toBe(await encrypt("same", "brd_1"));
  });

  it("refuses a ciphertext moved to another owner, tampered with, or of an unknown format", async () => {
    const sealed = await encrypt("whsec_example", "brd_1");
    await expect(decrypt(sealed, "brd_2")).rejects.toThrow();
    const [version, iv, tag, ciphertext = ""] = sealed.split(".");
    const flipped = `${ciphertext.slice(0, -2)}${ciphertext.endsWith("A") ? "B" : "A"}${ciphertext.slice(-1)}`;
    await expect(decrypt([version, iv, tag, flipped].join("."), "brd_1")).rejects.toThrow();
    await expect(decrypt(`v9.${iv}.${tag}.${ciphertext}`, "brd_1")).rejects.toThrow(/Unknown secret format/);
    // A KMS-sealed value where no KMS key is configured does not open with the local key.
    await expect(decrypt(`v2.wrapped.${iv}.${tag}.${ciphertext}`, "brd_1")).rejects.toThrow(
      /Unknown secret format/,
    );
  });
});
