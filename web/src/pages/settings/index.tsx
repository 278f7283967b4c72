import { useNavigate, useSearchParams } from "@solidjs/router";
import { createResource, For, onMount, Show } from "solid-js";
import { Account, type SessionInfo } from "../../data/account";
import { type Me, Session } from "../../data/session";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";
import { createFormState } from "../../ui/form-state";
import { Notice } from "../../ui/notice";

const text = (data: FormData, name: string) => String(data.get(name) ?? "");

/** Profile: display name and handle. An old handle keeps redirecting to the new one for 30 days. */
function ProfileSection(props: { user: Me }) {
  const form = createFormState();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    return form.submit(async () => {
      const changes: { displayName?: string; handle?: string } = {};
      if (text(data, "displayName") !== props.user.displayName)
        changes.displayName = text(data, "displayName");
      if (text(data, "handle").toLowerCase() !== props.user.handle) changes.handle = text(data, "handle");
      if (!changes.displayName && !changes.handle) return "Nothing to change";
      Session.signedIn(await Account.update(changes));
      return changes.handle ? "Saved. Links to your old handle lead here for 30 days." : "Saved";
    });
  };
  return (
    <form class="settings-section" onSubmit={submit} novalidate aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <Field
        label="Display name"
        name="displayName"
        value={props.user.displayName}
        required
        error={form.fieldErrors().displayName}
      />
      <Field
        label="Handle"
        name="handle"
        value={props.user.handle}
        required
        autocomplete="username"
        hint="3–30 letters, digits or underscores. Your old handle redirects here for 30 days."
        error={form.fieldErrors().handle}
      />
      <FormError message={form.formError()} />
      <Notice message={form.notice()} />
      <button type="submit" disabled={form.busy()}>
        Save profile
      </button>
    </form>
  );
}

/** Email: a change waits for the link sent to the new address. */
function EmailSection(props: { user: Me }) {
  const form = createFormState({ fieldFor: { email_taken: "newEmail", password_incorrect: "password" } });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    const data = new FormData(element);
    return form.submit(async () => {
      const { pendingEmail } = await Account.changeEmail({
        newEmail: text(data, "newEmail"),
        password: text(data, "password"),
      });
      element.reset();
      return `Pending: open the link we sent to ${pendingEmail} to switch. Until then, ${props.user.email} stays.`;
    });
  };
  return (
    <form class="settings-section" onSubmit={submit} novalidate aria-labelledby="email-heading">
      <h2 id="email-heading">Email</h2>
      <p>
        Now: <strong data-testid="settings-email">{props.user.email}</strong>{" "}
        {props.user.emailVerified ? "(confirmed)" : "(not confirmed yet)"}
      </p>
      <Field
        label="New email"
        name="newEmail"
        type="email"
        autocomplete="email"
        required
        error={form.fieldErrors().newEmail}
      />
      <Field
        label="Current password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
        error={form.fieldErrors().password}
      />
      <FormError message={form.formError()} />
      <Notice message={form.notice()} />
      <button type="submit" disabled={form.busy()}>
        Change email
      </button>
    </form>
  );
}

function PasswordSection(props: { onChanged: () => void }) {
  const form = createFormState();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    const data = new FormData(element);
    return form.submit(async () => {
      const { revoked } = await Account.changePassword({
        currentPassword: text(data, "currentPassword"),
        newPassword: text(data, "newPassword"),
      });
      element.reset();
      props.onChanged();
      return `Password changed. ${revoked === 1 ? "1 other session was" : `${revoked} other sessions were`} signed out.`;
    });
  };
  return (
    <form class="settings-section" onSubmit={submit} novalidate aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autocomplete="current-password"
        required
        error={form.fieldErrors().currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autocomplete="new-password"
        required
        hint="At least 10 characters; a phrase of uncommon words works well."
        error={form.fieldErrors().newPassword}
      />
      <FormError message={form.formError()} />
      <Notice message={form.notice()} />
      <button type="submit" disabled={form.busy()}>
        Change password
      </button>
    </form>
  );
}

function SessionsSection(props: { sessions: SessionInfo[]; refetch: () => unknown }) {
  const form = createFormState();
  const signOutOthers = () =>
    form.submit(async () => {
      const { revoked } = await Account.signOutOthers();
      await props.refetch();
      return `Signed out ${revoked} other ${revoked === 1 ? "session" : "sessions"}.`;
    });
  return (
    <section class="settings-section" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions</h2>
      <ul class="sessions" data-testid="sessions">
        <For each={props.sessions}>
          {(session) => (
            <li>
              Signed in {new Date(session.createdAt).toLocaleString()}
              {session.current ? " (this browser)" : ""}
            </li>
          )}
        </For>
      </ul>
      <FormError message={form.formError()} />
      <Notice message={form.notice()} />
      <button type="button" class="secondary" onClick={signOutOthers} disabled={form.busy()}>
        Sign out everywhere else
      </button>
    </section>
  );
}

function CreatorSection() {
  const form = createFormState();
  const upgrade = () =>
    form.submit(async () => {
      Session.signedIn(await Account.becomeCreator());
      return "You are a creator now: your profile is a storefront, and the studio is in the menu.";
    });
  return (
    <section class="settings-section" aria-labelledby="creator-heading">
      <h2 id="creator-heading">Become a creator</h2>
      <p>Publish guides on your own storefront and earn from your referral links.</p>
      <FormError message={form.formError()} />
      <Notice message={form.notice()} />
      <button type="button" onClick={upgrade} disabled={form.busy()}>
        Become a creator
      </button>
    </section>
  );
}

function DeleteSection() {
  const navigate = useNavigate();
  const form = createFormState();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    return form.submit(async () => {
      await Account.remove({ password: text(data, "password"), confirm: text(data, "confirm") as "DELETE" });
      Session.signedOut();
      navigate("/", { replace: true });
    });
  };
  return (
    <form class="settings-section danger-zone" onSubmit={submit} novalidate aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete account</h2>
      <p>
        This removes your profile, guides and follows and signs you out everywhere. Records of money paid or
        owed are kept under a pseudonym, as the law requires. It cannot be undone.
      </p>
      <Field
        label="Password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
        error={form.fieldErrors().password}
      />
      <Field
        label='Type "DELETE" to confirm'
        name="confirm"
        required
        autocomplete="off"
        error={form.fieldErrors().confirm}
      />
      <FormError message={form.formError()} />
      <button type="submit" class="danger" disabled={form.busy()}>
        Delete my account
      </button>
    </form>
  );
}

/** `/settings`: the signed-in person's account settings. A `?token=` is an email-change link being opened. */
export default function SettingsPage() {
  const [search, setSearch] = useSearchParams<{ token?: string }>();
  const [sessions, { refetch: refetchSessions }] = createResource(Account.sessions);
  const confirm = createFormState();
  onMount(() => {
    const token = search.token;
    if (!token) return;
    void confirm.submit(async () => {
      const { user } = await Account.confirmEmail(token);
      setSearch({ token: undefined }, { replace: true });
      Session.signedIn(user);
      return `Your email is now ${user.email}.`;
    });
  });
  return (
    <section class="card narrow settings">
      <h1>Account settings</h1>
      <FormError message={confirm.formError()} />
      <Notice message={confirm.notice()} />
      <Show when={Session.me()} fallback={<p aria-busy="true">Loading…</p>}>
        {(user) => (
          <>
            <ProfileSection user={user()} />
            <EmailSection user={user()} />
            <PasswordSection onChanged={() => void refetchSessions()} />
            <SessionsSection sessions={sessions() ?? []} refetch={refetchSessions} />
            <Show when={user().role === "follower"}>
              <CreatorSection />
            </Show>
            <section class="settings-section" aria-labelledby="export-heading">
              <h2 id="export-heading">Download my data</h2>
              <p>
                Your profile, guides, links, follows, saves, likes, group-buys, earnings and notifications, as
                JSON.
              </p>
              <a class="button secondary" href={Account.exportUrl} download="">
                Download my data
              </a>
            </section>
            <DeleteSection />
          </>
        )}
      </Show>
    </section>
  );
}
