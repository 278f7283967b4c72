import { createSignal } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";
import { Notice } from "../../ui/notice";

/** Asks for a reset link; the answer is the same whether or not the email has an account. */
export default function ForgotPasswordPage() {
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<string>();
  const [done, setDone] = createSignal<string>();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setFieldErrors({});
    setFormError();
    try {
      const { message } = await unwrap(
        api.v1.auth["password-reset"].$post({ json: { email: String(form.get("email")) } }),
      );
      setDone(message);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setFieldErrors(error.fieldErrors());
      setFormError(error.message);
    }
  };
  return (
    <section class="card narrow">
      <h1>Reset your password</h1>
      <form onSubmit={submit} novalidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autocomplete="email"
          required
          error={fieldErrors().email}
        />
        <FormError message={formError()} />
        <Notice message={done()} />
        <button type="submit">Send me a link</button>
      </form>
    </section>
  );
}
