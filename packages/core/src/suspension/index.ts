export * as Suspension from "./index";

import { randomBytes } from "node:crypto";
import { Audit } from "../audit";
import { Conversion } from "../conversion";
import { Failure } from "../failure";
import { Guide } from "../guide";
import { Link } from "../link";
import { Session } from "../session";
import { User } from "../user";
import { Actor } from "../util/actor";
import { Clock } from "../util/clock";
import { AppError, NotFoundError } from "../util/errors";
import { parseInput } from "../util/validate";
import { type Account, type Phase, ReasonInput, type Sweep } from "./schema";
import { AccountStateChangedError, SuspensionStore } from "./suspension.dynamo";

export * from "./schema";

/** Why a suspended creator's links and commissions were switched off (also the guides' `hiddenReason`). */
const REASON = Guide.SUSPENDED_REASON;

/** What one sweep run may spend before it stops and leaves the rest to the next run. */
export const SWEEP_BUDGET_MS = 40_000;

/** Guides read per step of the guides phase (AP11). */
const GUIDES_PAGE = 25;

export class AccountAlreadySuspendedError extends AppError {
  constructor() {
    super("conflict", "account_already_suspended", "This account is suspended already");
  }
}

export class AccountNotSuspendedError extends AppError {
  constructor() {
    super("conflict", "account_not_suspended", "This account is not suspended");
  }
}

export class CannotSuspendAdminError extends AppError {
  constructor() {
    super("validation", "cannot_suspend_admin", "Admin accounts cannot be suspended");
  }
}

function present(user: User.Info): Account {
  return {
    userId: user.id,
    handle: user.handle,
    displayName: user.displayName,
    role: user.role,
    createdAt: user.createdAt,
    suspendedAt: user.suspendedAt ?? null,
  };
}

/** GET /admin/accounts?handle=: one account by handle, suspended or not (admins only). */
export async function lookup(actor: Actor, handle: string): Promise<Account> {
  Actor.requireRole(actor, "admin");
  const user = await User.findByHandle(handle.trim());
  if (!user) throw new NotFoundError("User", "user_not_found");
  return present(user);
}

async function loadTarget(actor: Actor, userId: string): Promise<User.Info> {
  Actor.requireRole(actor, "admin");
  const user = await User.get(userId);
  if (user.role === "admin") throw new CannotSuspendAdminError();
  return user;
}

function newSweep(userId: string, action: Sweep["action"], at: string): Sweep {
  return { userId, action, version: randomBytes(8).toString("hex"), phase: "guides", at };
}

/**
 * Suspends an account (admins): `suspendedAt` on the user and profile, the sweep's work item and the audit
 * entry in one transaction; then every session is revoked. From then on sign-in answers 403
 * `account_suspended` and the storefront 404; the sweep job hides the guides, switches the links off (410)
 * and holds pending commissions, page by page (runSweeps).
 */
export async function suspend(actor: Actor, userId: string, input: ReasonInput): Promise<Account> {
  const { reason } = parseInput(ReasonInput, input);
  const user = await loadTarget(actor, userId);
  const at = Clock.now().toISOString();
  try {
    await SuspensionStore.setSuspended(
      user.id,
      at,
      newSweep(user.id, "suspend", at),
      Audit.put(actor, { action: "account_suspended", target: { type: "account", id: user.id }, reason }),
    );
  } catch (error) {
    if (error instanceof AccountStateChangedError) throw new AccountAlreadySuspendedError();
    throw error;
  }
  await Session.revokeAll(user.id);
  return present({ ...user, suspendedAt: at });
}

/**
 * Lifts a suspension (admins): sign-in and storefront come back at once; the sweep unhides the guides it hid
 * (not ones an admin hid one by one) and switches the links back on. Commissions held by the suspension stay
 * held for the brands to release or reject (they were held because the account was under review).
 */
export async function restore(actor: Actor, userId: string, input: ReasonInput): Promise<Account> {
  const { reason } = parseInput(ReasonInput, input);
  const user = await loadTarget(actor, userId);
  try {
    await SuspensionStore.setSuspended(
      user.id,
      null,
      newSweep(user.id, "restore", Clock.now().toISOString()),
      Audit.put(actor, { action: "account_restored", target: { type: "account", id: user.id }, reason }),
    );
  } catch (error) {
    if (error instanceof AccountStateChangedError) throw new AccountNotSuspendedError();
    throw error;
  }
  const { suspendedAt: _was, ...restored } = user;
  return present(restored);
}

/** One step of a sweep: the next position in the phase, or undefined when the phase is done. */
async function step(sweep: Sweep): Promise<string | undefined> {
  const suspending = sweep.action === "suspend";
  if (sweep.phase === "guides") {
    const page = await Guide.pageAllByCreator(sweep.userId, GUIDES_PAGE, sweep.cursor);
    for (const guide of page.guides) {
      if (suspending) await Guide.hideForSuspension(guide.id, sweep.at, REASON);
      else await Guide.unhideAfterSuspension(guide, REASON);
    }
    return page.last;
  }
  if (sweep.phase === "links") {
    const page = await Link.pageByCreator(sweep.userId, sweep.cursor);
    for (const link of page.items)
      await Link.setDisabledReason(link.code, suspending ? REASON : null, REASON);
    return page.nextCursor;
  }
  const page = await Conversion.pageCreditedTo(sweep.userId, sweep.cursor);
  for (const conversion of page.items) {
    if (conversion.commission?.status === "pending")
      await Conversion.holdPending(conversion.id, "Creator account suspended: held for review");
  }
  return page.nextCursor;
}

function nextPhase(sweep: Sweep): Phase | undefined {
  if (sweep.phase === "guides") return "links";
  if (sweep.phase === "links" && sweep.action === "suspend") return "commissions";
  return undefined;
}

/**
 * The sweep job: for each account suspended or restored, walks its guides, links and (suspending) pending
 * commissions a page at a time, checkpointing after each page, so a run that stops (budget, crash) resumes
 * where it was. Every step is idempotent (hide an already hidden guide, set a reason already set). A sweep
 * that throws is counted and parked after 3 runs (Failure.startJob), then skipped until an admin replays it.
 * Answers how many sweeps finished.
 */
export async function runSweeps(options: { budgetMs?: number } = {}): Promise<number> {
  const budgetMs = options.budgetMs ?? SWEEP_BUDGET_MS;
  const started = performance.now();
  const outOfTime = () => performance.now() - started >= budgetMs;
  const run = await Failure.startJob("account-sweeps");
  let finished = 0;
  for (const waiting of await SuspensionStore.listSweeps()) {
    // Checked after each page, never before the first: every run makes progress, however small its budget.
    await run.item(`${waiting.userId}#${waiting.version}`, async () => {
      let sweep: Sweep = waiting;
      for (;;) {
        const cursor = await step(sweep);
        const phase = cursor ? sweep.phase : nextPhase(sweep);
        if (!phase) {
          await SuspensionStore.finish(sweep);
          finished++;
          return;
        }
        sweep = { ...sweep, phase, cursor };
        if (!(await SuspensionStore.checkpoint(sweep))) return; // a newer action took over
        if (outOfTime()) return;
      }
    });
    if (outOfTime()) break;
  }
  return finished;
}
