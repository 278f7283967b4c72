import { A, useParams, useSearchParams } from "@solidjs/router";
import { createResource, For, Match, Show, Switch } from "solid-js";
import { api, unwrap } from "../../api/client";
import { CampaignsTab } from "./campaigns";
import { ConversionsTab } from "./conversions";
import { DomainsTab } from "./domains";
import { GroupBuysTab } from "./groupbuys";
import { IntegrationsTab } from "./integrations";
import { PayoutsTab } from "./payouts";
import { ProductsTab } from "./products";
import { SettingsTab } from "./settings";

const tabs = [
  { id: "conversions", label: "Conversions" },
  { id: "campaigns", label: "Campaigns" },
  { id: "payouts", label: "Payouts" },
  { id: "groupbuys", label: "Group-buys" },
  { id: "products", label: "Products" },
  { id: "integrations", label: "Integrations" },
  { id: "domains", label: "Domains" },
  { id: "settings", label: "Settings" },
] as const;

/** One brand's console: a tab per area, the tab kept in the URL so it can be linked and reloaded. */
export default function BrandConsolePage() {
  const params = useParams<{ brandId: string }>();
  const [search] = useSearchParams<{ tab?: string }>();
  const tab = () => search.tab ?? "conversions";
  const [brand, { refetch }] = createResource(
    () => params.brandId,
    (brandId) => unwrap(api.v1.brands[":brandId"].$get({ param: { brandId } })),
  );
  return (
    <section class="card wide">
      <Switch>
        <Match when={brand.loading}>
          <p aria-busy="true">Loading…</p>
        </Match>
        <Match when={brand.error}>
          <p role="alert">
            This brand was not found, or you are not a member. <A href="/brand">Your brands</A>
          </p>
        </Match>
        <Match when={brand()}>
          {(current) => (
            <>
              <h1>
                {current().name}
                <Show when={current().verified}>
                  {" "}
                  <span class="verified" title="Verified brand" data-testid="brand-verified">
                    ✓ Verified
                  </span>
                </Show>
              </h1>
              <nav class="tabs" aria-label="Brand console">
                <For each={tabs}>
                  {(item) => (
                    <A
                      href={`/brand/${params.brandId}?tab=${item.id}`}
                      aria-current={tab() === item.id ? "page" : undefined}
                      class={tab() === item.id ? "active" : ""}
                    >
                      {item.label}
                    </A>
                  )}
                </For>
              </nav>
              <Show when={tab() === "conversions"}>
                <ConversionsTab brand={current()} />
              </Show>
              <Show when={tab() === "campaigns"}>
                <CampaignsTab brand={current()} />
              </Show>
              <Show when={tab() === "payouts"}>
                <PayoutsTab brand={current()} />
              </Show>
              <Show when={tab() === "groupbuys"}>
                <GroupBuysTab brand={current()} />
              </Show>
              <Show when={tab() === "products"}>
                <ProductsTab brand={current()} />
              </Show>
              <Show when={tab() === "integrations"}>
                <IntegrationsTab brand={current()} />
              </Show>
              <Show when={tab() === "domains"}>
                <DomainsTab brand={current()} />
              </Show>
              <Show when={tab() === "settings"}>
                <SettingsTab brand={current()} onSaved={refetch} />
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
