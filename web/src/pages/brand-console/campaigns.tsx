import * as Money from "@shopguide/core/util/money";
import { createSignal, For, Show } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import type { Brand, Campaign } from "../../data/commerce";
import { createPagedList } from "../../data/paged";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";
import { ShowMore } from "../../ui/show-more";
import { CommissionRuleFields, ruleFromForm, ruleText } from "./commission-rule";

function Enrollments(props: { campaign: Campaign }) {
  const enrollments = createPagedList(
    () => props.campaign.id,
    (id, cursor) => unwrap(api.v1.campaigns[":id"].enrollments.$get({ param: { id }, query: { cursor } })),
  );
  const [error, setError] = createSignal<string>();
  const decide = async (handle: string, verdict: "approve" | "decline") => {
    setError();
    try {
      const route = api.v1.campaigns[":id"].enrollments[":handle"][verdict];
      await unwrap(route.$post({ param: { id: props.campaign.id, handle } }));
      enrollments.reload();
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      setError(failure.message);
    }
  };
  return (
    <Show
      when={enrollments.items().length > 0}
      fallback={<p class="empty">{enrollments.first.loading ? "Loading…" : "No applications yet."}</p>}
    >
      <FormError message={error()} />
      <ul class="list">
        <For each={enrollments.items()}>
          {(enrollment) => (
            <li data-testid={`enrollment-${enrollment.handle}`}>
              @{enrollment.handle} <span class="badge">{enrollment.status}</span>
              <Show when={enrollment.couponCode}> · code {enrollment.couponCode}</Show>
              <Show when={enrollment.status !== "approved"}>
                {" "}
                <button type="button" class="small" onClick={() => decide(enrollment.handle, "approve")}>
                  Approve @{enrollment.handle}
                </button>
              </Show>
              <Show when={enrollment.status === "pending"}>
                {" "}
                <button
                  type="button"
                  class="small secondary"
                  onClick={() => decide(enrollment.handle, "decline")}
                >
                  Decline @{enrollment.handle}
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <ShowMore list={enrollments} noun="applications" />
    </Show>
  );
}

export function CampaignsTab(props: { brand: Brand }) {
  const campaigns = createPagedList(
    () => props.brand.id,
    (brandId, cursor) => unwrap(api.v1.campaigns.$get({ query: { brandId, cursor } })),
  );
  const [kind, setKind] = createSignal<"percent" | "flat">("percent");
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<string>();

  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setErrors({});
    setFormError();
    const currency = props.brand.currency;
    const parsed = ruleFromForm(data, kind(), currency);
    const budgetText = String(data.get("budget") ?? "").trim();
    const budget = budgetText ? Money.parse(budgetText, currency) : undefined;
    if ("errors" in parsed) return setErrors(parsed.errors);
    if (budgetText && budget === undefined)
      return setErrors({ budget: `Enter an amount like ${Money.editable({ amount: 50000, currency })}` });
    try {
      await unwrap(
        api.v1.campaigns.$post({
          json: {
            brandId: props.brand.id,
            type: "commission",
            name: String(data.get("campaignName")),
            rule: parsed.rule,
            attributionWindowDays: Number(data.get("attributionWindowDays")),
            holdDays: Number(data.get("holdDays")),
            holdFromReturnWindow: data.get("holdFromReturnWindow") === "on",
            enrollment: String(data.get("enrollment")) as "open" | "approval",
            budget: budget === undefined ? undefined : { amount: budget, currency },
          },
        }),
      );
      form.reset();
      setKind("percent");
      void campaigns.refresh();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors(error.fieldErrors());
      setFormError(error.message);
    }
  };

  return (
    <div>
      <h2>Campaigns</h2>
      <Show
        when={campaigns.items().length > 0}
        fallback={<p class="empty">{campaigns.first.loading ? "Loading…" : "No campaigns yet."}</p>}
      >
        <For each={campaigns.items()}>
          {(campaign) => (
            <article class="panel" data-testid="brand-campaign">
              <h3>{campaign.name}</h3>
              <p>
                {ruleText(campaign.rule)} · {campaign.attributionWindowDays}-day window · {campaign.holdDays}
                -day hold · {campaign.enrollment === "open" ? "open enrollment" : "approval required"} ·{" "}
                {campaign.status}
                <Show when={campaign.budget}>
                  {(budget) => (
                    <>
                      {" "}
                      · budget{" "}
                      {Money.display({ amount: campaign.budgetRemaining ?? 0, currency: budget().currency })}{" "}
                      left of {Money.display(budget())}
                    </>
                  )}
                </Show>
              </p>
              <h4>Applications</h4>
              <Enrollments campaign={campaign} />
            </article>
          )}
        </For>
      </Show>
      <ShowMore list={campaigns} noun="campaigns" testId="brand-campaigns-more" />
      <h3>New campaign</h3>
      <form onSubmit={create} novalidate>
        <Field label="Campaign name" name="campaignName" required error={errors().name} />
        <CommissionRuleFields
          kind={kind}
          setKind={setKind}
          currency={props.brand.currency}
          errors={errors()}
        />
        <Field
          label="Attribution window (days)"
          name="attributionWindowDays"
          type="number"
          min="1"
          max="90"
          value="30"
          error={errors().attributionWindowDays}
        />
        <Field
          label="Hold (days)"
          name="holdDays"
          type="number"
          min="0"
          max="365"
          value="30"
          error={errors().holdDays}
        />
        <Field
          label={`Budget cap (${props.brand.currency}, optional)`}
          name="budget"
          inputMode="decimal"
          error={errors().budget ?? errors()["budget.amount"]}
        />
        <div class="field">
          <label for="enrollment">Enrollment</label>
          <select id="enrollment" name="enrollment">
            <option value="approval">Creators apply; I approve</option>
            <option value="open">Open: any creator joins at once</option>
          </select>
        </div>
        <FormError message={formError()} />
        <button type="submit">Create campaign</button>
      </form>
    </div>
  );
}
