import { Show } from "solid-js";

/** The affiliate disclosure: shown wherever the API says a guide carries one; creators cannot hide it. */
export function Disclosure(props: { text: string | null }) {
  return (
    <Show when={props.text}>
      {(text) => (
        <p class="disclosure" data-testid="disclosure">
          {text()}
        </p>
      )}
    </Show>
  );
}
