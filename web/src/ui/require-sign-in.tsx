import { A } from "@solidjs/router";
import { type Component, type JSX, Match, Switch } from "solid-js";
import { Session } from "../data/session";
import { signInHref } from "./return-to";

/**
 * A private page: signed out, it asks to sign in (and comes back here after) instead of drawing empty cards
 * or calling endpoints that would answer 401; while the session is read, it waits.
 */
export function signedIn<P extends object>(Page: Component<P>, what: string): Component<P> {
  return (props: P) => (
    <Switch>
      <Match when={Session.me.loading && Session.me() === undefined}>
        <p class="loading">Loading…</p>
      </Match>
      <Match when={!Session.me()}>
        <section class="card narrow" data-testid="sign-in-required">
          <h1>Sign in to see {what}</h1>
          <p>
            <A href={signInHref()}>Log in</A> or{" "}
            <A href={signInHref(undefined, "signup")}>create an account</A> and you will come straight back
            here.
          </p>
        </section>
      </Match>
      <Match when={Session.me()}>{Page(props) as JSX.Element}</Match>
    </Switch>
  );
}
