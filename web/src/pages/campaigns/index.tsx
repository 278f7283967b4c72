import * as Money from "@shopguide/core/util/money";
import { createResource, createSignal, For, Show } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import type { Campaign } from "../../data/commerce";
import { createPagedList } from "../../data/paged";
import { Session } from "../../data/session";
import { ShowMore } from "../../ui/show-more";
import { StudioNav } from "../../ui/studio-nav";

function ruleText(campaign: Campaign): string {
  const rule = campaign.rule;
  return rule.kind === "percent"
    ? `${rule.bps / 100}% commission`
    : `${Money.display(rule.amount)} per ${rule.per}`;
}

/** The marketplace: running campaigns, and where the creator stands with each. */
export default function CampaignsPage() {
  const campaigns = createPagedList(
    () => Session.me()?.id,
    (_, cursor) => unwrap(api.v1.campaigns.$get({ query: { cursor } })),
  );
  const [mine, { refetch }] = createResource(
    () => (Session.me()?.role === "creator" ? Session.me()?.id : undefined),
    () => unwrap(api.v1.me.enrollments.$get()),
  );
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const statusOf = (campaignId: string) =>
    mine()?.items.find((entry) => entry.campaignId === campaignId)?.status;

  const apply = async (event: SubmitEvent, campaignId: string) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget as HTMLFormElement).get("couponCode") ?? "").trim();
    setErrors({});
    try {
      await unwrap(
        api.v1.campaigns[":id"].enrollments.$post({
          param: { id: campaignId },
          json: { couponCode: code || undefined },
        }),
      );
      refetch();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors({ [campaignId]: error.fieldErrors().couponCode ?? error.message });
    }
  };

  return (
    <section class="card">
      <StudioNav />
      <h1>Campaigns</h1>
      <Show when={Session.me()} fallback={<p>Sign in as a creator to join campaigns.</p>}>
        <Show when={!campaigns.first.loading} fallback={<p aria-busy="true">Loading…</p>}>
          <Show
            when={campaigns.items().length > 0}
            fallback={<p class="empty">No campaigns are running right now.</p>}
          >
            <For each={campaigns.items()}>
              {(campaign) => (
                <article class="panel" data-testid="campaign" aria-labelledby={`c-${campaign.id}`}>
                  <h2 id={`c-${campaign.id}`}>{campaign.name}</h2>
                  <p>
                    {campaign.brandName} · {ruleText(campaign)} · {campaign.attributionWindowDays}-day
                    attribution · paid after a {campaign.holdDays}-day hold
                  </p>
                  <Show when={campaign.description}>
                    <p>{campaign.description}</p>
                  </Show>
                  <Show
                    when={statusOf(campaign.id)}
                    fallback={
                      <Show when={Session.me()?.role === "creator"}>
                        <form onSubmit={(event) => apply(event, campaign.id)}>
                          <div class="field">
                            <label for={`code-${campaign.id}`}>Your coupon code (optional)</label>
                            <input id={`code-${campaign.id}`} name="couponCode" autocomplete="off" />
                            <Show when={errors()[campaign.id]}>
                              <small class="error" role="alert">
                                {errors()[campaign.id]}
                              </small>
                            </Show>
                          </div>
                          <button type="submit">
                            {campaign.enrollment === "open" ? "Join" : "Apply"} to {campaign.name}
                          </button>
                        </form>
                      </Show>
                    }
                  >
                    {(status) => (
                      <p data-testid="enrollment-status">
                        <span class="badge">
                          {status() === "pending" ? "Applied: waiting for the brand" : status()}
                        </span>
                      </p>
                    )}
                  </Show>
                </article>
              )}
            </For>
            <ShowMore list={campaigns} noun="campaigns" />
          </Show>
        </Show>
      </Show>
    </section>
  );
}
