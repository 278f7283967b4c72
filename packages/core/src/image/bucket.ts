import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { config } from "../config";

/**
 * The only code that talks to the media bucket. The same client runs against S3 in the cloud and against the
 * local S3-compatible server (`npm start`, tests): path-style addressing and its fixed keys there.
 */
let client: S3Client | undefined;

/** The local server's one account (s3rver's built-in credentials); never used against AWS. */
const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export function s3(): S3Client {
  const { s3Endpoint, region } = config();
  client ??= new S3Client(
    s3Endpoint
      ? {
          region,
          endpoint: s3Endpoint,
          forcePathStyle: true,
          credentials: LOCAL_CREDENTIALS,
          // The local server predates S3's default request checksums.
          requestChecksumCalculation: "WHEN_REQUIRED",
          responseChecksumValidation: "WHEN_REQUIRED",
        }
      : { region },
  );
  return client;
}

/** Forgets the client, so the next call reads the configuration again (tests that move the endpoint). */
export function resetClient(): void {
  client?.destroy();
  client = undefined;
}

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

/**
 * A browser form POST that may write exactly `key`, with exactly this content type and at most `maxBytes`,
 * for `expiresSeconds`. S3 enforces the policy; the local server does not, so `complete` checks the size and
 * the bytes again whatever stored them.
 */
export async function presignPost(
  key: string,
  contentType: string,
  maxBytes: number,
  expiresSeconds: number,
): Promise<PresignedPost> {
  return createPresignedPost(s3(), {
    Bucket: config().mediaBucket,
    Key: key,
    Conditions: [
      ["content-length-range", 1, maxBytes],
      ["eq", "$Content-Type", contentType],
    ],
    Fields: { "Content-Type": contentType },
    Expires: expiresSeconds,
  });
}

/** An object's size in bytes, or undefined when nothing is stored under `key`. */
export async function sizeOf(key: string): Promise<number | undefined> {
  try {
    const head = await s3().send(new HeadObjectCommand({ Bucket: config().mediaBucket, Key: key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return undefined;
    throw error;
  }
}

export interface StoredObject {
  bytes: Uint8Array;
  contentType: string | undefined;
  cacheControl: string | undefined;
}

/** The object under `key`, or undefined when there is none. */
export async function read(key: string): Promise<StoredObject | undefined> {
  try {
    const object = await s3().send(new GetObjectCommand({ Bucket: config().mediaBucket, Key: key }));
    if (!object.Body) return undefined;
    return {
      bytes: await object.Body.transformToByteArray(),
      contentType: object.ContentType,
      cacheControl: object.CacheControl,
    };
  } catch (error) {
    if (error instanceof NoSuchKey || error instanceof NotFound) return undefined;
    throw error;
  }
}

export async function write(
  key: string,
  bytes: Uint8Array,
  contentType: string,
  cacheControl?: string,
): Promise<void> {
  await s3().send(
    new PutObjectCommand({
      Bucket: config().mediaBucket,
      Key: key,
      Body: bytes,
      ContentType: contentType,
      ...(cacheControl ? { CacheControl: cacheControl } : {}),
    }),
  );
}

export async function remove(key: string): Promise<void> {
  await s3().send(new DeleteObjectCommand({ Bucket: config().mediaBucket, Key: key }));
}

/**
 * Local only (`npm start`, tests): creates the media bucket on the local S3 server if missing and lets the
 * web origins POST uploads straight to it, as the cloud bucket's CORS rule does (any origin when none given).
 */
export async function ensureLocalBucket(origins: string[]): Promise<void> {
  if (!config().s3Endpoint) throw new Error("ensureLocalBucket is for the local S3 server only");
  const Bucket = config().mediaBucket;
  try {
    await s3().send(new CreateBucketCommand({ Bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
  }
  await s3().send(
    new PutBucketCorsCommand({
      Bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: origins.length > 0 ? origins : ["*"],
            AllowedMethods: ["POST", "GET"],
            AllowedHeaders: ["*"],
            MaxAgeSeconds: 3000,
          },
        ],
      },
    }),
  );
}
