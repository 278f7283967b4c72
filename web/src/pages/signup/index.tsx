import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { For } from "solid-js";
import { api, unwrap } from "../../api/client";
import { Session } from "../../data/session";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";
import { createFormState } from "../../ui/form-state";
import { safeNext } from "../../ui/return-to";

const roles = [
  { value: "follower", label: "Follower", hint: "Follow creators and shop their picks" },
  { value: "creator", label: "Creator", hint: "Publish guides and earn from referrals" },
  { value: "brand", label: "Brand", hint: "Run campaigns with creators" },
] as const;

export default function SignupPage() {
  const navigate = useNavigate();
  // Where the person was (a group-buy with its ?ref=, a storefront to follow…): they go back there.
  const [search] = useSearchParams<{ next?: string }>();
  const form = createFormState();
  const { fieldErrors, formError, busy } = form;

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    return form.submit(async () => {
      const { user } = await unwrap(
        api.v1.auth.signup.$post({
          json: {
            email: String(data.get("email")),
            password: String(data.get("password")),
            handle: String(data.get("handle")),
            displayName: String(data.get("displayName")),
            role: String(data.get("role")) as (typeof roles)[number]["value"],
          },
        }),
      );
      Session.signedIn(user);
      // A new follower with nowhere else to go picks interests and creators first, so their feed is not empty.
      navigate(user.role === "follower" && !search.next ? "/welcome" : safeNext(search.next));
    });
  };

  return (
    <section class="card narrow">
      <h1>Create your account</h1>
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
          autocomplete="new-password"
          required
          hint="At least 10 characters, hard to guess: a phrase of uncommon words works well"
          error={fieldErrors().password}
        />
        <Field
          label="Handle"
          name="handle"
          autocomplete="username"
          required
          hint="3-30 letters, digits or underscores; your page will be /@handle"
          error={fieldErrors().handle}
        />
        <Field
          label="Display name"
          name="displayName"
          autocomplete="name"
          required
          error={fieldErrors().displayName}
        />
        <fieldset class="roles">
          <legend>I am a…</legend>
          <For each={roles}>
            {(role, index) => (
              <label class="role">
                <input type="radio" name="role" value={role.value} checked={index() === 0} />
                <span>
                  <strong>{role.label}</strong>
                  <small>{role.hint}</small>
                </span>
              </label>
            )}
          </For>
        </fieldset>
        <FormError message={formError()} />
        <button type="submit" disabled={busy()}>
          {busy() ? "Creating account…" : "Sign up"}
        </button>
      </form>
      <p>
        Already have an account? <A href="/login">Log in</A>
      </p>
    </section>
  );
}
