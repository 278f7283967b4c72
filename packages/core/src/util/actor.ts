import * as z from "zod";
import { ForbiddenError, UnauthorizedError } from "./errors";

export const Role = z.enum(["follower", "creator", "brand", "admin"]);
export type Role = z.infer<typeof Role>;

/** Who is calling. Travels from the transport into every core function that enforces a rule. */
export type Actor =
  | { kind: "anonymous" }
  | { kind: "user"; userId: string; handle: string; role: Role }
  | { kind: "system" };

export type UserActor = Extract<Actor, { kind: "user" }>;

export const Actor = {
  anonymous: { kind: "anonymous" } as Actor,
  system: { kind: "system" } as Actor,

  requireUser(actor: Actor): UserActor {
    if (actor.kind !== "user") throw new UnauthorizedError();
    return actor;
  },

  /** Admins may do anything a role may; everyone else needs one of the named roles. */
  requireRole(actor: Actor, ...roles: Role[]): UserActor {
    const user = Actor.requireUser(actor);
    if (user.role !== "admin" && !roles.includes(user.role)) {
      throw new ForbiddenError(`This needs a ${roles.join(" or ")} account`, "role_required");
    }
    return user;
  },
};
