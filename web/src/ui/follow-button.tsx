import { A } from "@solidjs/router";
import { createEffect, createSignal, on, Show } from "solid-js";
import { Creators } from "../data/creators";
import { Session } from "../data/session";
import { signInHref, takeWantedAction } from "./return-to";

/** Follow / Following toggle; signed-out readers get a prompt to log in instead. */
export function FollowButton(props: {
  handle: string;
  following: boolean;
  onChange?: (state: { following: boolean; followerCount: number }) => void;
}) {
  const [following, setFollowing] = createSignal(props.following);
  const [busy, setBusy] = createSignal(false);
  const toggle = async () => {
    setBusy(true);
    try {
      const state = await Creators.follow(props.handle, !following());
      setFollowing(state.following);
      props.onChange?.(state);
    } finally {
      setBusy(false);
    }
  };
  // "Log in to follow" returns here with ?do=follow: the follow is then made once, as asked.
  createEffect(
    on(Session.me, (me) => {
      if (me && !following() && takeWantedAction("follow")) void toggle();
    }),
  );
  return (
    <Show
      when={Session.me()}
      fallback={
        <A class="button secondary" href={signInHref("follow")}>
          Log in to follow
        </A>
      }
    >
      <button
        type="button"
        class={following() ? "secondary" : ""}
        aria-pressed={following()}
        disabled={busy()}
        onClick={toggle}
        data-testid="follow-button"
      >
        {following() ? "Following" : "Follow"}
      </button>
    </Show>
  );
}
