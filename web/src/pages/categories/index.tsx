import { A } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { Discovery } from "../../data/discovery";
import { CARD_SIZES } from "../../ui/guide-card";
import { imageOf, Picture } from "../../ui/picture";

/** Every category, photo first (its newest guide's cover, or a neutral placeholder). */
export default function CategoriesPage() {
  const [categories] = createResource(Discovery.categories);
  return (
    <>
      <h1>Categories</h1>
      <Show when={categories()} fallback={<p class="loading">Loading categories…</p>}>
        {(list) => (
          <ul class="guide-grid category-grid">
            <For each={list()}>
              {(category, index) => (
                <li class="guide-card" data-testid="category-card">
                  <A
                    href={`/categories/${category.slug}`}
                    class="cover-link"
                    tabindex="-1"
                    aria-hidden="true"
                  >
                    <Show
                      when={imageOf(category, "cover") || !category.coverImageUrl}
                      fallback={
                        <img
                          class="picture cover"
                          src={category.coverImageUrl ?? ""}
                          alt=""
                          loading={index() === 0 ? "eager" : "lazy"}
                          referrerpolicy="no-referrer"
                        />
                      }
                    >
                      <Picture
                        image={imageOf(category, "cover")}
                        sizes={CARD_SIZES}
                        alt=""
                        priority={index() === 0}
                        class="cover"
                      />
                    </Show>
                  </A>
                  <div class="guide-card-body">
                    <h2>
                      <A href={`/categories/${category.slug}`}>{category.name}</A>
                    </h2>
                    <p class="meta">{category.description}</p>
                  </div>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
    </>
  );
}
