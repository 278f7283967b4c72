/**
 * Session types, constants and errors: what the domain (index.ts) and its store (session.dynamo.ts) share,
 * so the store never imports the domain module that imports it.
 */
import { AppError } from "../util/errors";

export const SESSION_DAYS = 30;

export interface Info {
  userId: string;
  createdAt: string;
  expiresAt: string;
}

export class SessionInvalidError extends AppError {
  constructor() {
    super("unauthorized", "session_invalid", "Your session has expired or was signed out; sign in again");
  }
}
