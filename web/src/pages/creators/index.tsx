import { useSearchParams } from "@solidjs/router";
import { For, Show } from "solid-js";
import { type DirectorySort, Discovery } from "../../data/discovery";
import { CreatorList } from "../../ui/creator-list";

const sorts = [
  { id: "followers", label: "Most followed" },
  { id: "active", label: "Recently active" },
] as const;

/** The creator directory, by followers or by recent activity, optionally in one category. */
export default function CreatorsPage() {
  const [params, setParams] = useSearchParams<{ sort?: string; category?: string }>();
  const sort = (): DirectorySort => (params.sort === "active" ? "active" : "followers");
  return (
    <>
      <h1>Creators</h1>
      <div class="tabs" role="tablist" aria-label="Sort creators">
        <For each={sorts}>
          {(item) => (
            <button
              type="button"
              role="tab"
              aria-selected={sort() === item.id}
              class={sort() === item.id ? "tab active" : "tab"}
              onClick={() => setParams({ sort: item.id })}
            >
              {item.label}
            </button>
          )}
        </For>
      </div>
      {/* Keyed on the sort and category so switching starts a fresh list. */}
      <Show when={`${sort()}|${params.category ?? ""}`} keyed>
        {(_key) => (
          <CreatorList
            label="Creators"
            load={Discovery.creators(sort(), params.category)}
            empty={
              <div class="empty" role="status">
                No creators here yet.
              </div>
            }
          />
        )}
      </Show>
    </>
  );
}
