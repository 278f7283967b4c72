import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import { Session } from "../../data/session";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";
import { safeNext } from "../../ui/return-to";

export default function LoginPage() {
  const navigate = useNavigate();
  const [search] = useSearchParams<{ next?: string }>();
  const [fieldErrors, setFieldErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setFieldErrors({});
    setFormError();
    try {
      const { user } = await unwrap(
        api.v1.auth.login.$post({
          json: { email: String(form.get("email")), password: String(form.get("password")) },
        }),
      );
      Session.signedIn(user);
      navigate(safeNext(search.next));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setFieldErrors(error.fieldErrors());
      setFormError(error.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card narrow">
      <h1>Log in</h1>
      <form onSubmit={submit} novalidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autocomplete="email"
          required
          error={fieldErrors().email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          error={fieldErrors().password}
        />
        <FormError message={formError()} />
        <button type="submit" disabled={busy()}>
          {busy() ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p>
        New here?{" "}
        <A href={search.next ? `/signup?next=${encodeURIComponent(safeNext(search.next))}` : "/signup"}>
          Create an account
        </A>{" "}
        · <A href="/forgot-password">Forgot your password?</A>
      </p>
    </section>
  );
}
