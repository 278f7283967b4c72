/**
 * Accounts for the benchmarks. People are stored the way signup stores them (confirmed address, one
 * password hash shared by all): a thousand scrypt runs would cost minutes of the machine and measure
 * nothing a benchmark reports. Call after the benchmark has pointed the environment at its table.
 */
import { randomUUID } from "node:crypto";

export interface Person {
  id: string;
  handle: string;
  auth: Record<string, string>;
}

export type Role = "follower" | "creator" | "brand";

export interface Population {
  /** A new signed-in account of `role`. */
  person(role: Role): Promise<Person>;
  /** A fresh session for `who` (sessions made long before a measurement may have expired on the dev clock). */
  refreshSession(who: Person): Promise<void>;
  /** The API app in-process: one request as `who` (anonymous when absent). */
  call(method: string, path: string, who: Person | undefined, body?: unknown): Promise<Response>;
}

export async function population(): Promise<Population> {
  const { UserStore } = await import("../../packages/core/src/user/user.dynamo");
  const { hashPassword } = await import("../../packages/core/src/user/password");
  const { createId } = await import("@shopguide/core/util/id");
  const { Session } = await import("@shopguide/core/session");
  const { Clock } = await import("@shopguide/core/util/clock");
  const { app } = await import("../../packages/functions/src/api/app");
  const passwordHash = await hashPassword("correct horse battery");
  const signIn = async (userId: string) => ({
    authorization: `Bearer ${(await Session.create(userId)).token}`,
  });
  return {
    async person(role) {
      const handle = `${role.slice(0, 1)}_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
      const user = {
        id: createId("usr"),
        email: `${handle}@example.test`,
        handle,
        displayName: handle,
        role,
        emailVerified: true,
        createdAt: Clock.now().toISOString(),
      };
      await UserStore.insert(user, passwordHash);
      return { id: user.id, handle, auth: await signIn(user.id) };
    },
    async refreshSession(who) {
      who.auth = await signIn(who.id);
    },
    async call(method, path, who, body) {
      return app.request(path, {
        method,
        headers: { "content-type": "application/json", ...(who?.auth ?? {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
  };
}

/** The p-th percentile (0-100) by nearest rank; NaN for no values. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

/** Runs `work` over `items` with at most `width` in flight; the results in the items' order. */
export async function pool<T, R>(
  items: T[],
  width: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T, index);
      }
    }),
  );
  return results;
}
