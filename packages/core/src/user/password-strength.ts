import type { ZxcvbnFactory, ZxcvbnResult } from "@zxcvbn-ts/core";
import { AppError } from "../util/errors";

/**
 * zxcvbn's score 3: about 10^8 guesses, "safely unguessable" against an online attack with throttling,
 * and our stored hashes are scrypt. Lower scores are refused.
 */
export const MIN_SCORE = 3;

export class WeakPasswordError extends AppError {
  constructor(reason: string) {
    super("validation", "weak_password", reason, [{ path: "password", message: reason }]);
  }
}

let estimator: Promise<ZxcvbnFactory> | undefined;

/**
 * The dictionaries are megabytes: they are imported on the first check only, so the redirect Lambda,
 * jobs and logins never load them; only code that sets a password calls in here.
 */
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
      import("@zxcvbn-ts/language-en"),
    ]);
    // English names and common words, but not the Wikipedia list, which triples the start-up time.
    const { "wikipedia-en": _wikipedia, ...english } = en.dictionary;
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  })();
  return estimator;
}

/** The estimator's verdict; `userInputs` (email, handle, name) count as known words to an attacker. */
export async function estimate(password: string, userInputs: string[] = []): Promise<ZxcvbnResult> {
  const zxcvbn = await loadEstimator();
  // The email's local part and domain words on their own, since people build passwords from them.
  const words = userInputs
    .flatMap((input) => [input, ...input.split(/[@._\s-]+/)])
    .filter((w) => w.length >= 3);
  return zxcvbn.check(password, words);
}

/** Throws `WeakPasswordError` (422, field `password`) saying why, in the estimator's own words. */
export async function assertStrong(password: string, userInputs: string[] = []): Promise<void> {
  const result = await estimate(password, userInputs);
  if (result.score >= MIN_SCORE) return;
  const why = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(" ");
  throw new WeakPasswordError(
    `This password is too easy to guess. ${why || "Use a longer phrase of uncommon words."}`.trim(),
  );
}
