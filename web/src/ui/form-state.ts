import { createSignal } from "solid-js";
import { ApiError } from "../api/client";

/** Codes that belong to one field though the API answers them without details (409s). */
const fieldOfCode: Partial<Record<ApiError["code"], string>> = {
  email_taken: "email",
  handle_taken: "handle",
};

/**
 * The state every form keeps: field errors from the API's 422 details (or a conflict code that names one
 * field), the form-level message, a success notice, and busy while a submit runs. `submit` wraps the call:
 * it clears the old errors, runs it, and on an ApiError shows what the API said.
 */
export function createFormState(options: { fieldFor?: Partial<Record<string, string>> } = {}) {
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  async function submit(run: () => Promise<unknown>): Promise<void> {
    setBusy(true);
    setFieldErrors({});
    setFormError();
    setNotice();
    try {
      const done = await run();
      if (typeof done === "string") setNotice(done);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const field = options.fieldFor?.[error.code] ?? fieldOfCode[error.code];
      setFieldErrors(field ? { [field]: error.message } : error.fieldErrors());
      setFormError(error.message);
    } finally {
      setBusy(false);
    }
  }

  return { fieldErrors, formError, notice, busy, submit };
}
