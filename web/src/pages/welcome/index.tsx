import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { ApiError } from "../../api/client";
import { Discovery } from "../../data/discovery";
import { CreatorList } from "../../ui/creator-list";

/**
 * Onboarding for a new follower: pick interests (chips), then follow suggested creators, then the feed.
 * Also where an empty Following feed points.
 */
export default function WelcomePage() {
  const [categories] = createResource(Discovery.categories);
  const [saved] = createResource(Discovery.interests);
  const [picked, setPicked] = createSignal<string[] | undefined>();
  const [step, setStep] = createSignal<"interests" | "creators">("interests");
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const chosen = () => picked() ?? saved() ?? [];
  const toggle = (slug: string) =>
    setPicked(chosen().includes(slug) ? chosen().filter((other) => other !== slug) : [...chosen(), slug]);

  const next = async () => {
    setBusy(true);
    setError();
    try {
      await Discovery.setInterests(chosen());
      setStep("creators");
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      setError(failure.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Welcome to shopguide</h1>
      <Show
        when={step() === "creators"}
        fallback={
          <section aria-label="Pick your interests">
            <p>What are you into? Pick a few and we will suggest creators to follow.</p>
            <fieldset class="chips">
              <legend class="visually-hidden">Interests</legend>
              <For each={categories()}>
                {(category) => (
                  <button
                    type="button"
                    class="chip"
                    aria-pressed={chosen().includes(category.slug)}
                    data-testid={`interest-${category.slug}`}
                    onClick={() => toggle(category.slug)}
                  >
                    {category.name}
                  </button>
                )}
              </For>
            </fieldset>
            <Show when={error()}>
              <p class="form-error" role="alert">
                {error()}
              </p>
            </Show>
            <p class="actions">
              <button type="button" disabled={busy()} onClick={next}>
                Next: creators to follow
              </button>
              <A href="/">Skip</A>
            </p>
          </section>
        }
      >
        <section aria-label="Creators to follow">
          <p>Follow a few creators: their new guides land in your Following feed.</p>
          <CreatorList
            label="Suggested creators"
            load={Discovery.suggestions}
            empty={
              <div class="empty" role="status">
                No suggestions right now. <A href="/creators">Browse every creator</A>.
              </div>
            }
          />
          <p class="actions">
            <A href="/?tab=following" class="button">
              Go to my feed
            </A>
            <button type="button" class="link" onClick={() => setStep("interests")}>
              Change interests
            </button>
          </p>
        </section>
      </Show>
    </>
  );
}
