import { createSignal, For, Show } from "solid-js";
import { ApiError } from "../api/client";
import { Moderation, REPORT_REASONS, type ReportReason, type ReportTarget } from "../data/moderation";
import { Session } from "../data/session";

/**
 * A small "Report" menu for signed-in readers: a dialog asks why (and an optional note) and sends one report
 * on the guide, creator, product card or group-buy it sits on. Signed out, nothing shows.
 */
export function ReportButton(props: { target: ReportTarget; what: string; label?: string }) {
  let dialog: HTMLDialogElement | undefined;
  const [reason, setReason] = createSignal<ReportReason>("spam");
  const [note, setNote] = createSignal("");
  const [state, setState] = createSignal<"idle" | "busy" | "sent" | "already" | "failed">("idle");
  const open = () => {
    setState("idle");
    dialog?.showModal();
  };
  const send = async (event: SubmitEvent) => {
    event.preventDefault();
    setState("busy");
    try {
      await Moderation.report(props.target, reason(), note().trim() || undefined);
      setState("sent");
    } catch (error) {
      setState(error instanceof ApiError && error.code === "report_exists" ? "already" : "failed");
    }
  };
  return (
    <Show when={Session.me()}>
      <span class="report">
        <button type="button" class="link report-open" onClick={open} data-testid="report-button">
          {props.label ?? "Report"}
          <span class="visually-hidden"> {props.what}</span>
        </button>
        <dialog ref={dialog} class="report-dialog" aria-labelledby="report-title" data-testid="report-dialog">
          <Show
            when={state() !== "sent" && state() !== "already"}
            fallback={
              <div>
                <p role="status">
                  {state() === "sent"
                    ? "Thanks. An admin will look at it."
                    : "You already reported this; an admin will look at it."}
                </p>
                <button type="button" onClick={() => dialog?.close()}>
                  Close
                </button>
              </div>
            }
          >
            <form method="dialog" onSubmit={send}>
              <h2 id="report-title">Report {props.what}</h2>
              <fieldset>
                <legend>Why?</legend>
                <For each={REPORT_REASONS}>
                  {(option) => (
                    <label class="choice">
                      <input
                        type="radio"
                        name="reason"
                        value={option.id}
                        checked={reason() === option.id}
                        onChange={() => setReason(option.id)}
                      />{" "}
                      {option.label}
                    </label>
                  )}
                </For>
              </fieldset>
              <label>
                Anything an admin should know (optional)
                <textarea
                  maxLength={1000}
                  rows={3}
                  value={note()}
                  onInput={(e) => setNote(e.currentTarget.value)}
                />
              </label>
              <Show when={state() === "failed"}>
                <p role="alert">The report could not be sent. Try again in a moment.</p>
              </Show>
              <div class="actions">
                <button type="submit" disabled={state() === "busy"} data-testid="report-send">
                  Send report
                </button>
                <button type="button" class="secondary" onClick={() => dialog?.close()}>
                  Cancel
                </button>
              </div>
            </form>
          </Show>
        </dialog>
      </span>
    </Show>
  );
}
