import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { config } from "../config";

/**
 * Seals brand signing secrets and webhook secrets at rest. One interface, two implementations chosen by
 * config: in the cloud (SHOPGUIDE_KMS_KEY_ID set) envelope encryption under a KMS key that rotates yearly;
 * locally a key from SHOPGUIDE_SECRETS_KEY. The associated data (the owning brand or endpoint id) is bound
 * in, so a ciphertext copied onto another owner's item does not open.
 */
export interface Sealer {
  seal(plaintext: string, associatedData: string): Promise<string>;
  open(sealed: string, associatedData: string): Promise<string>;
}

function localKey(): Buffer {
  const secretsKey = config().secretsKey;
  if (!secretsKey)
    throw new Error("SHOPGUIDE_SECRETS_KEY is not set; signing secrets cannot be stored or read");
  return secretsKey;
}

const b64 = (part: Buffer) => part.toString("base64url");

/** AES-256-GCM with a fresh 96-bit IV: `[iv, tag, ciphertext]`. */
function aesSeal(key: Buffer, plaintext: string, associatedData: string): Buffer[] {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext];
}

function aesOpen(key: Buffer, [iv, tag, ciphertext]: string[], associatedData: string): string {
  if (!iv || !tag || ciphertext === undefined) throw new Error("Unknown secret format");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
    "utf8",
  );
}

/** Local: `v1.<iv>.<tag>.<ciphertext>` (base64url) under the configured key. */
export const localSealer: Sealer = {
  async seal(plaintext, associatedData) {
    return ["v1", ...aesSeal(localKey(), plaintext, associatedData).map(b64)].join(".");
  },
  async open(sealed, associatedData) {
    const [version, ...parts] = sealed.split(".");
    if (version !== "v1") throw new Error("Unknown secret format");
    return aesOpen(localKey(), parts, associatedData);
  },
};

/** Data keys already unwrapped by KMS, by wrapped key: a webhook run opens many secrets under few keys. */
const unwrapped = new Map<string, Buffer>();
const MAX_UNWRAPPED = 1_000;

/**
 * Cloud: `v2.<wrapped data key>.<iv>.<tag>.<ciphertext>`. Each seal asks KMS for a fresh 256-bit data key
 * (GenerateDataKey), encrypts locally and keeps only the wrapped key; opening unwraps it (Decrypt). The
 * associated data is also the KMS encryption context, so CloudTrail shows whose secret was opened. Key
 * rotation needs nothing here: KMS keeps every old version for Decrypt.
 */
export function kmsSealer(keyId: string): Sealer {
  const client = async () => {
    const { KMSClient, GenerateDataKeyCommand, DecryptCommand } = await import("@aws-sdk/client-kms");
    return { kms: new KMSClient({ region: config().region }), GenerateDataKeyCommand, DecryptCommand };
  };
  const context = (associatedData: string) => ({ purpose: "shopguide-secret", owner: associatedData });
  return {
    async seal(plaintext, associatedData) {
      const { kms, GenerateDataKeyCommand } = await client();
      const key = await kms.send(
        new GenerateDataKeyCommand({
          KeyId: keyId,
          KeySpec: "AES_256",
          EncryptionContext: context(associatedData),
        }),
      );
      if (!key.Plaintext || !key.CiphertextBlob) throw new Error("KMS returned no data key");
      const dataKey = Buffer.from(key.Plaintext);
      return [
        "v2",
        b64(Buffer.from(key.CiphertextBlob)),
        ...aesSeal(dataKey, plaintext, associatedData).map(b64),
      ].join(".");
    },
    async open(sealed, associatedData) {
      const [version, wrapped, ...parts] = sealed.split(".");
      if (version !== "v2" || !wrapped) throw new Error("Unknown secret format");
      const cacheKey = `${associatedData}.${wrapped}`;
      let dataKey = unwrapped.get(cacheKey);
      if (!dataKey) {
        const { kms, DecryptCommand } = await client();
        const answer = await kms.send(
          new DecryptCommand({
            KeyId: keyId,
            CiphertextBlob: Buffer.from(wrapped, "base64url"),
            EncryptionContext: context(associatedData),
          }),
        );
        if (!answer.Plaintext) throw new Error("KMS returned no plaintext");
        dataKey = Buffer.from(answer.Plaintext);
        if (unwrapped.size >= MAX_UNWRAPPED) unwrapped.clear();
        unwrapped.set(cacheKey, dataKey);
      }
      return aesOpen(dataKey, parts, associatedData);
    },
  };
}

/** The sealer for new secrets, by config: KMS where a key id is configured, else the local key. */
export function sealer(): Sealer {
  const keyId = config().kmsKeyId;
  return keyId ? kmsSealer(keyId) : localSealer;
}

export function encrypt(plaintext: string, associatedData: string): Promise<string> {
  return sealer().seal(plaintext, associatedData);
}

/** Opens by the sealed value's own version, so secrets sealed before a switch to KMS still open. */
export function decrypt(sealed: string, associatedData: string): Promise<string> {
  const keyId = config().kmsKeyId;
  if (sealed.startsWith("v2.") && keyId) return kmsSealer(keyId).open(sealed, associatedData);
  return localSealer.open(sealed, associatedData);
}

export function hmacSha256(secret: string, message: string): Buffer {
  return createHmac("sha256", secret).update(message, "utf8").digest();
}

/** Constant-time equality of two byte strings; different lengths are unequal without an early exit on content. */
export function sameBytes(expected: Buffer, given: Buffer): boolean {
  if (expected.length !== given.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(expected, given);
}
