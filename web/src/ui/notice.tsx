import { Show } from "solid-js";

/** A polite status line for outcomes that are not errors ("Saved", "Imported 3"). */
export function Notice(props: { message: string | undefined }) {
  return (
    <Show when={props.message}>
      <p class="notice" role="status">
        {props.message}
      </p>
    </Show>
  );
}
