import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, failedConditions, isConditionFailed, tableName } from "../dynamo";
import { Clock } from "../util/clock";
import * as User from "./schema";

/** Key formats (see dynamo/README.md): the user, and one claim item per unique email and handle. */
const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: "USER" }),
  email: (email: string) => ({ pk: `EMAIL#${email}`, sk: "EMAIL" }),
  handle: (handle: string) => ({ pk: `HANDLE#${handle}`, sk: "HANDLE" }),
};

// Schemas are built on first use: this file and ./index import each other.
let storedUser: z.ZodType<User.Info & { passwordHash: string }> | undefined;
const StoredUser = () => (storedUser ??= User.Info.extend({ passwordHash: z.string().min(1) }));
const Claim = z.object({ id: z.string() }).transform(({ id }) => id);
/**
 * A handle claim. One with `releaseAt` is no longer its owner's handle: an old handle kept as an alias after
 * a change (it redirects to the owner's current handle), or a deleted account's handle held against
 * impersonation. Either is free to claim again from `releaseAt` on (platform clock; TTL tidies it later).
 */
const HandleClaim = z.object({ id: z.string(), releaseAt: z.string().optional() });

// A handle claim may be taken when absent or released (its `releaseAt` has passed); a new claim from the
// same account may also take back its own alias.
const claimableHandle = "attribute_not_exists(pk) OR releaseAt <= :now";

/** The claim item an old or held handle becomes. */
const heldHandle = (handle: string, userId: string, releaseAt: Date) => ({
  ...keys.handle(handle),
  type: "handle_alias",
  id: userId,
  releaseAt: releaseAt.toISOString(),
  ttl: Math.floor(releaseAt.getTime() / 1000) + 86_400,
});

// Every put here is conditional on the key not existing: a claim already present means someone owns it.
const notExists = "attribute_not_exists(pk)";

export const UserStore = {
  /** AP1 (insert) + AP2/AP3 uniqueness claims, all or nothing. */
  async insert(user: User.Info, passwordHash: string): Promise<void> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.user(user.id), type: "user", ...user, passwordHash },
                ConditionExpression: notExists,
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.email(user.email), type: "email_claim", id: user.id },
                ConditionExpression: notExists,
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.handle(user.handle), type: "handle_claim", id: user.id },
                ConditionExpression: claimableHandle,
                ExpressionAttributeValues: { ":now": Clock.now().toISOString() },
              },
            },
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(1)) throw new User.EmailTakenError();
      if (failed?.includes(2)) throw new User.HandleTakenError();
      throw error;
    }
  },

  /** AP1: a user by id. */
  async get(userId: string): Promise<User.Info | undefined> {
    const found = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.user(userId) }));
    return found.Item ? User.Info.parse(found.Item) : undefined;
  },

  /** AP2: a user (with password hash) by email, through its claim item. */
  async findByEmail(email: string): Promise<{ user: User.Info; passwordHash: string } | undefined> {
    const claim = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.email(email) }));
    if (!claim.Item) return undefined;
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.user(Claim.parse(claim.Item)) }),
    );
    if (!found.Item) return undefined;
    const { passwordHash, ...user } = StoredUser().parse(found.Item);
    return { user, passwordHash };
  },

  /** AP1: confirms the email, only while it is still the account's (a link for an old address is void). */
  async markEmailVerified(userId: string, email: string): Promise<boolean> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.user(userId),
          UpdateExpression: "SET emailVerified = :yes",
          ConditionExpression: "attribute_exists(pk) AND email = :email",
          ExpressionAttributeValues: { ":yes": true, ":email": email },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /** AP1: replaces the password hash of an existing user. */
  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.user(userId),
        UpdateExpression: "SET passwordHash = :hash",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":hash": passwordHash },
      }),
    );
  },

  /** AP1: the user and their password hash, to check a password asked again before a sensitive change. */
  async getWithHash(userId: string): Promise<{ user: User.Info; passwordHash: string } | undefined> {
    const found = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keys.user(userId), ConsistentRead: true }),
    );
    if (!found.Item) return undefined;
    const { passwordHash, ...user } = StoredUser().parse(found.Item);
    return { user, passwordHash };
  },

  /** AP3: a user by their current handle, through its claim item (an alias or a held handle is no owner). */
  async findByHandle(handle: string): Promise<User.Info | undefined> {
    const claim = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.handle(handle) }));
    if (!claim.Item) return undefined;
    const { id, releaseAt } = HandleClaim.parse(claim.Item);
    return releaseAt === undefined ? UserStore.get(id) : undefined;
  },

  /** AP290: whose old handle this is while it is still an alias (before `releaseAt`), or undefined. */
  async aliasOwner(handle: string, now: Date): Promise<User.Info | undefined> {
    const claim = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.handle(handle) }));
    if (!claim.Item) return undefined;
    const { id, releaseAt } = HandleClaim.parse(claim.Item);
    if (releaseAt === undefined || releaseAt <= now.toISOString()) return undefined;
    return UserStore.get(id);
  },

  /** AP1: sets the display name. */
  async setDisplayName(userId: string, displayName: string): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.user(userId),
        UpdateExpression: "SET displayName = :name",
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(deletedAt)",
        ExpressionAttributeValues: { ":name": displayName },
      }),
    );
  },

  /**
   * AP290 + AP3: moves a user from handle `from` to `to` in one transaction: the new claim (absent, released,
   * or the user's own alias), the old claim turned into an alias until `releaseAt`, and the user's handle,
   * only while it is still `from`. Of two racers for one handle exactly one wins.
   */
  async changeHandle(userId: string, change: { from: string; to: string; now: Date; releaseAt: Date }) {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.handle(change.to), type: "handle_claim", id: userId },
                ConditionExpression: `${claimableHandle} OR id = :me`,
                ExpressionAttributeValues: { ":now": change.now.toISOString(), ":me": userId },
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: heldHandle(change.from, userId, change.releaseAt),
                ConditionExpression: "id = :me AND attribute_not_exists(releaseAt)",
                ExpressionAttributeValues: { ":me": userId },
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.user(userId),
                UpdateExpression: "SET handle = :to",
                ConditionExpression: "handle = :from AND attribute_not_exists(deletedAt)",
                ExpressionAttributeValues: { ":to": change.to, ":from": change.from },
              },
            },
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) throw new User.HandleTakenError();
      if (failed) throw new User.HandleTakenError("Your handle changed meanwhile; reload and try again");
      throw error;
    }
  },

  /**
   * AP2 + AP1: moves a user from email `from` to `to` in one transaction: the new address's claim (absent),
   * the old claim released (only if it is the user's), and the user's email, confirmed, while still `from`.
   * False when the account's email is no longer `from` (a newer change, a deletion).
   */
  async changeEmail(userId: string, change: { from: string; to: string }): Promise<boolean> {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.email(change.to), type: "email_claim", id: userId },
                ConditionExpression: notExists,
              },
            },
            {
              Delete: {
                TableName: tableName(),
                Key: keys.email(change.from),
                ConditionExpression: "id = :me",
                ExpressionAttributeValues: { ":me": userId },
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.user(userId),
                UpdateExpression: "SET email = :to, emailVerified = :yes",
                ConditionExpression: "email = :from AND attribute_not_exists(deletedAt)",
                ExpressionAttributeValues: { ":to": change.to, ":from": change.from, ":yes": true },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) throw new User.EmailTakenError();
      if (failed) return false;
      throw error;
    }
  },

  /** AP1: changes the role, only from the one the caller decided on (so a repeat changes nothing). */
  async setRole(userId: string, change: { from: string; to: string }): Promise<boolean> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.user(userId),
          UpdateExpression: "SET #role = :to",
          ConditionExpression: "#role = :from AND attribute_not_exists(deletedAt)",
          ExpressionAttributeNames: { "#role": "role" },
          ExpressionAttributeValues: { ":to": change.to, ":from": change.from },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  },

  /**
   * AP290 + AP2 + AP1: the account's last write. The email claim is released, the handle held until
   * `releaseAt` (no one can pose as the person meanwhile), and the user item kept for the money records but
   * pseudonymized: no email, name or handle of the person's, and a password hash nothing verifies.
   */
  async erase(
    user: User.Info,
    erased: { pseudonym: string; at: Date; handleReleaseAt: Date },
  ): Promise<void> {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: tableName(),
              Key: keys.email(user.email),
              ConditionExpression: "id = :me",
              ExpressionAttributeValues: { ":me": user.id },
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: heldHandle(user.handle, user.id, erased.handleReleaseAt),
              ConditionExpression: "id = :me",
              ExpressionAttributeValues: { ":me": user.id },
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: keys.user(user.id),
              UpdateExpression:
                "SET email = :email, handle = :handle, displayName = :name, passwordHash = :none, emailVerified = :no, deletedAt = :at",
              ConditionExpression: "email = :was AND attribute_not_exists(deletedAt)",
              ExpressionAttributeValues: {
                ":email": `${erased.pseudonym}@deleted.invalid`,
                ":handle": erased.pseudonym,
                ":name": "Deleted user",
                ":none": "erased",
                ":no": false,
                ":at": erased.at.toISOString(),
                ":was": user.email,
              },
            },
          },
        ],
      }),
    );
  },
};
