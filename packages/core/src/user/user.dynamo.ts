import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { dynamo, failedConditions, isConditionFailed, tableName } from "../dynamo";
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
                ConditionExpression: notExists,
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

  /** AP3: a user by handle, through its claim item. */
  async findByHandle(handle: string): Promise<User.Info | undefined> {
    const claim = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.handle(handle) }));
    return claim.Item ? UserStore.get(Claim.parse(claim.Item)) : undefined;
  },
};
