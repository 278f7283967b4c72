import { A } from "@solidjs/router";
import { Match, Switch } from "solid-js";
import { Session } from "../../data/session";
import { MyInvitations } from "./invitations";
import { ProfilePictures } from "./pictures";

const roleNames = { follower: "Follower", creator: "Creator", brand: "Brand", admin: "Admin" } as const;

export default function AccountPage() {
  return (
    <section class="card narrow">
      <h1>Your account</h1>
      <Switch>
        <Match when={Session.me.loading}>
          <p aria-busy="true">Loading…</p>
        </Match>
        <Match when={Session.me()}>
          {(user) => (
            <>
              <dl class="details">
                <dt>Name</dt>
                <dd data-testid="account-name">{user().displayName}</dd>
                <dt>Handle</dt>
                <dd data-testid="account-handle">@{user().handle}</dd>
                <dt>Email</dt>
                <dd data-testid="account-email">{user().email}</dd>
                <dt>Account type</dt>
                <dd>{roleNames[user().role]}</dd>
                <dt>Member since</dt>
                <dd>{new Date(user().createdAt).toLocaleDateString()}</dd>
              </dl>
              <ProfilePictures user={user()} />
              <p>
                <A href="/settings">Change your name, handle, email or password</A>, download your data or
                delete your account in the settings.
              </p>
              <MyInvitations />
            </>
          )}
        </Match>
        <Match when={!Session.me()}>
          <p>
            You are signed out. <A href="/login">Log in</A> to see your account.
          </p>
        </Match>
      </Switch>
    </section>
  );
}
