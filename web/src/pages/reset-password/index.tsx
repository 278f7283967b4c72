import { A, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";

/** The reset mail's link lands here (`?token=`): choose a new password; every old session is signed out. */
export default function ResetPasswordPage() {
  const [search] = useSearchParams<{ token?: string }>();
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<string>();
  const [done, setDone] = createSignal(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setFieldErrors({});
    setFormError();
    try {
      await unwrap(
        api.v1.auth["password-reset"].confirm.$post({
          json: { token: search.token ?? "", password: String(form.get("password")) },
        }),
      );
      setDone(true);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setFieldErrors(error.fieldErrors());
      setFormError(error.message);
    }
  };
  return (
    <section class="card narrow">
      <h1>Choose a new password</h1>
      <Show
        when={!done()}
        fallback={
          <p role="status">
            Your password is set and every session was signed out. <A href="/login">Log in</A>
          </p>
        }
      >
        <form onSubmit={submit} novalidate>
          <Field
            label="New password"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            error={fieldErrors().password ?? fieldErrors().token}
          />
          <FormError message={formError()} />
          <button type="submit">Set password</button>
        </form>
      </Show>
    </section>
  );
}
