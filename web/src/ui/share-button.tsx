import { createSignal, Show } from "solid-js";

/**
 * Share this page: the system share sheet where there is one (Web Share API), otherwise the link is copied
 * (and shown, selectable, if the clipboard is refused). `url` is path-absolute or absolute.
 */
export function ShareButton(props: { url: string; title: string; label?: string }) {
  const [copied, setCopied] = createSignal<"copied" | "shown">();
  const absolute = () => new URL(props.url, window.location.origin).toString();
  const share = async () => {
    const data = { title: props.title, url: absolute() };
    if (typeof navigator.share === "function" && navigator.canShare?.(data) !== false) {
      try {
        await navigator.share(data);
        return;
      } catch (error) {
        // Dismissing the sheet is not a failure; anything else falls back to copying.
        if (error instanceof DOMException && error.name === "AbortError") return;
      }
    }
    try {
      await navigator.clipboard.writeText(absolute());
      setCopied("copied");
    } catch {
      setCopied("shown");
    }
  };
  return (
    <span class="share">
      <button type="button" class="secondary" onClick={share} data-testid="share-button">
        {props.label ?? "Share"}
      </button>
      <span role="status" class="share-status">
        <Show when={copied() === "copied"}>Link copied</Show>
        <Show when={copied() === "shown"}>
          <input class="share-url" readonly value={absolute()} aria-label="Link to share" />
        </Show>
      </span>
    </span>
  );
}
