/**
 * The hybrid fan-out rule with hysteresis (issue 13). A creator is in one of two modes: `push` (each guide
 * is written into every follower's stored feed) or `pull` (guides are merged into feeds at read time).
 * Switching pull → push rewrites every follower's feed (a backfill of the creator's recent guides), so a
 * creator whose follower count hovers at the threshold must not switch back and forth:
 *
 * - up to pull at `threshold` followers or more;
 * - back to push only below 90 % of it;
 * - at most once per `cooldownSeconds` by the platform clock (a count that crosses again during the
 *   cool-down waits: staying in pull is always correct, only dearer to read; staying in push past the
 *   threshold only costs fan-out writes until the next change after the cool-down).
 *
 * Pure: the stream consumer and the publish path read the profile, ask here, and switch with a
 * conditional write so that of racing deciders one switch happens.
 */
export type FanoutMode = "push" | "pull";

export interface FanoutSubject {
  followerCount: number;
  /** Unset on creators who never switched: their mode follows the threshold alone. */
  fanoutMode?: FanoutMode;
  /** When `fanoutMode` was last set (ISO-8601). */
  fanoutModeAt?: string;
}

export interface FanoutSettings {
  threshold: number;
  cooldownSeconds: number;
  nowMs: number;
}

/** Back to push only below this share of the threshold. */
export const PUSH_BELOW_SHARE = 0.9;

/** The mode a creator is in: the stored one, or for one who never switched, what the threshold says. */
export function currentMode(subject: FanoutSubject, threshold: number): FanoutMode {
  return subject.fanoutMode ?? (subject.followerCount >= threshold ? "pull" : "push");
}

/**
 * The mode to switch to now, or undefined to stay. A creator without a stored mode who is in pull by the
 * threshold gets it stored (no rewrite: nothing changes for readers), which starts the cool-down.
 */
export function nextMode(subject: FanoutSubject, settings: FanoutSettings): FanoutMode | undefined {
  const mode = currentMode(subject, settings.threshold);
  if (!subject.fanoutMode && mode === "pull") return "pull";
  const since = subject.fanoutModeAt ? Date.parse(subject.fanoutModeAt) : Number.NEGATIVE_INFINITY;
  if (settings.nowMs - since < settings.cooldownSeconds * 1000) return undefined;
  if (mode === "push" && subject.followerCount >= settings.threshold) return "pull";
  if (mode === "pull" && subject.followerCount < settings.threshold * PUSH_BELOW_SHARE) return "push";
  return undefined;
}
