import { type JSX, Show, splitProps } from "solid-js";

type FieldProps = JSX.InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: string;
};

/** A labelled input whose error is announced and tied to it for screen readers. */
export function Field(props: FieldProps) {
  const [own, input] = splitProps(props, ["label", "error", "hint"]);
  const errorId = () => `${input.name}-error`;
  const hintId = () => `${input.name}-hint`;
  return (
    <div class="field">
      <label for={input.name}>{own.label}</label>
      <input
        id={input.name}
        aria-invalid={own.error ? "true" : undefined}
        aria-describedby={
          [own.error ? errorId() : "", own.hint ? hintId() : ""].join(" ").trim() || undefined
        }
        {...input}
      />
      <Show when={own.hint}>
        <small id={hintId()} class="hint">
          {own.hint}
        </small>
      </Show>
      <Show when={own.error}>
        <small id={errorId()} class="error" role="alert">
          {own.error}
        </small>
      </Show>
    </div>
  );
}
