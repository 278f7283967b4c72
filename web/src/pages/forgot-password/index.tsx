import { api, unwrap } from "../../api/client";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";
import { createFormState } from "../../ui/form-state";
import { Notice } from "../../ui/notice";

/** Asks for a reset link; the answer is the same whether or not the email has an account. */
export default function ForgotPasswordPage() {
  const form = createFormState();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    return form.submit(
      async () =>
        (await unwrap(api.v1.auth["password-reset"].$post({ json: { email: String(data.get("email")) } })))
          .message,
    );
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
          error={form.fieldErrors().email}
        />
        <FormError message={form.formError()} />
        <Notice message={form.notice()} />
        <button type="submit">Send me a link</button>
      </form>
    </section>
  );
}
