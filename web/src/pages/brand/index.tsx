import { A, useNavigate } from "@solidjs/router";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import { Session } from "../../data/session";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";

/** The brand console's front door: the brands I belong to, and a form to create one. */
export default function BrandsPage() {
  const navigate = useNavigate();
  const [brands] = createResource(
    () => Session.me()?.id,
    () => unwrap(api.v1.brands.$get()),
  );
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<string>();

  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setErrors({});
    setFormError();
    try {
      const brand = await unwrap(
        api.v1.brands.$post({
          json: {
            name: String(form.get("name")),
            domains: String(form.get("domains"))
              .split(/[\s,]+/)
              .filter(Boolean),
            currency: String(form.get("currency")),
          },
        }),
      );
      navigate(`/brand/${brand.id}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors(error.fieldErrors());
      setFormError(error.message);
    }
  };

  return (
    <section class="card">
      <h1>Brand console</h1>
      <Switch>
        <Match when={brands.loading}>
          <p aria-busy="true">Loading…</p>
        </Match>
        <Match when={brands.error}>
          <p class="form-error" role="alert">
            Sign in with a brand account to use the console.
          </p>
        </Match>
        <Match when={brands()}>
          {(list) => (
            <Show
              when={list().items.length > 0}
              fallback={<p class="empty">You are not part of a brand yet.</p>}
            >
              <ul class="list">
                <For each={list().items}>
                  {(brand) => (
                    <li>
                      <A href={`/brand/${brand.id}`}>{brand.name}</A> <span class="hint">({brand.role})</span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Match>
      </Switch>
      <Show when={Session.me()?.role === "brand"}>
        <h2>Create a brand</h2>
        <form onSubmit={create} novalidate>
          <Field label="Brand name" name="name" required error={errors().name} />
          <Field
            label="Store domains"
            name="domains"
            required
            hint="Where your products live, e.g. shop.example.com (comma separated)"
            error={errors().domains ?? errors()["domains.0"]}
          />
          <Field
            label="Currency"
            name="currency"
            value="USD"
            maxLength={3}
            required
            error={errors().currency}
          />
          <FormError message={formError()} />
          <button type="submit">Create brand</button>
        </form>
      </Show>
    </section>
  );
}
