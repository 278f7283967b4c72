import { useParams } from "@solidjs/router";
import { Show } from "solid-js";
import { Guides } from "../../data/guides";
import { GuideList } from "../../ui/guide-list";

export default function TagPage() {
  const params = useParams<{ tag: string }>();
  return (
    <>
      <h1>#{params.tag}</h1>
      {/* Keyed on the tag so moving between tag pages starts a fresh list. */}
      <Show when={params.tag} keyed>
        {(tag) => (
          <GuideList
            label={`Guides tagged ${tag}`}
            load={Guides.byTag(tag)}
            empty={
              <div class="empty" role="status">
                No published guides with #{tag} yet.
              </div>
            }
          />
        )}
      </Show>
    </>
  );
}
