import { A, useParams } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { Discovery } from "../../data/discovery";
import { GuideList } from "../../ui/guide-list";

/** One category: its name, its tags and its guides, newest first. */
export default function CategoryPage() {
  const params = useParams<{ slug: string }>();
  const [category] = createResource(() => params.slug, Discovery.category);
  return (
    <>
      <p class="meta">
        <A href="/categories">All categories</A>
      </p>
      <Show when={category.error}>
        <h1>Category not found</h1>
      </Show>
      <Show when={category()}>
        {(found) => (
          <>
            <h1>{found().category.name}</h1>
            <p>{found().category.description}</p>
            <p class="tags">
              <For each={found().category.tags}>{(tag) => <A href={`/tags/${tag}`}>#{tag} </A>}</For>
            </p>
            <p>
              <A href={`/creators?category=${found().category.slug}`}>Creators in {found().category.name}</A>
            </p>
          </>
        )}
      </Show>
      <Show when={!category.error && params.slug} keyed>
        {(slug) => (
          <GuideList
            label="Guides in this category"
            load={Discovery.categoryGuides(slug)}
            empty={
              <div class="empty" role="status">
                No published guides in this category yet.
              </div>
            }
          />
        )}
      </Show>
    </>
  );
}
