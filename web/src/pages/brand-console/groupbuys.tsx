import * as Money from "@shopguide/core/util/money";
import { A } from "@solidjs/router";
import { createEffect, createSignal, For, Index, onCleanup, Show } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import type { Brand } from "../../data/commerce";
import {
  type GroupBuy,
  GroupBuys,
  isLive,
  POLL_MS,
  progressText,
  seatsText,
  tierText,
} from "../../data/groupbuys";
import { createPagedList } from "../../data/paged";
import { Field } from "../../ui/field";
import { FormError } from "../../ui/form-error";
import { formatDate } from "../../ui/format";
import { GroupBuyProgress } from "../../ui/groupbuy-card";
import { ImageUpload, type PickedImage } from "../../ui/image-upload";
import { Notice } from "../../ui/notice";
import { ShowMore } from "../../ui/show-more";
import { CommissionRuleFields, type RuleKind, ruleFromForm, ruleText } from "./commission-rule";

interface TierDraft {
  participants: string;
  price: string;
}

const statusText = { open: "open", succeeded: "succeeded", failed: "failed" } as const;

/** `yyyy-mm-ddThh:mm` in local time, what a datetime-local input holds. */
function localInputValue(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

function GroupBuyPanel(props: { brandId: string; groupbuy: GroupBuy }) {
  const exportHref = (format: "csv" | "json") =>
    `/api/v1/brands/${props.brandId}/groupbuys/${props.groupbuy.id}/participants.${format}`;
  return (
    <article class="panel" data-testid="brand-groupbuy">
      <h3>
        <A href={`/groupbuys/${props.groupbuy.id}`}>{props.groupbuy.name}</A>{" "}
        <span class="badge">{statusText[props.groupbuy.status]}</span>
      </h3>
      <p>
        {props.groupbuy.product.title} · now {Money.display(props.groupbuy.currentPrice)} (base{" "}
        {Money.display(props.groupbuy.basePrice)}) · creators earn {ruleText(props.groupbuy.rule)} ·{" "}
        {props.groupbuy.status === "open" ? "ends" : "ended"}{" "}
        <time datetime={props.groupbuy.deadline}>{formatDate(props.groupbuy.deadline)}</time>
      </p>
      <GroupBuyProgress groupbuy={props.groupbuy} />
      <p class="meta">
        {progressText(props.groupbuy)} · {seatsText(props.groupbuy)}
      </p>
      <p class="meta">
        Tiers: {props.groupbuy.tiers.map((tier) => tierText(props.groupbuy, tier)).join("; ")}
      </p>
      <p class="actions">
        <a href={exportHref("csv")} download="">
          Participants CSV<span class="visually-hidden"> for {props.groupbuy.name}</span>
        </a>
        <a href={exportHref("json")} download="">
          Participants JSON<span class="visually-hidden"> for {props.groupbuy.name}</span>
        </a>
      </p>
    </article>
  );
}

/** The brand console's group-buys: create one, watch each fill up live, and export who joined. */
export function GroupBuysTab(props: { brand: Brand }) {
  const list = createPagedList(() => props.brand.id, GroupBuys.listByBrand);
  // The catalogue for the product picker, a page at a time like the Products tab.
  const products = createPagedList(
    () => props.brand.id,
    (brandId, cursor) =>
      unwrap(api.v1.brands[":brandId"].products.$get({ param: { brandId }, query: { cursor } })),
  );
  const [kind, setKind] = createSignal<RuleKind>("percent");
  const [productId, setProductId] = createSignal("");
  const [tiers, setTiers] = createSignal<TierDraft[]>([{ participants: "", price: "" }]);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  // The group-buy's own picture; without one a catalogue product's image is used.
  const [picture, setPicture] = createSignal<PickedImage | null>(null);
  const [pictureAlt, setPictureAlt] = createSignal("");
  const [formError, setFormError] = createSignal<string>();
  const [message, setMessage] = createSignal<string>();
  const currency = () => props.brand.currency;

  // Live progress: read what is shown again every few seconds while any of it can still change; a failed
  // read keeps the last state on screen and the next round tries again.
  const [round, setRound] = createSignal(0);
  createEffect(() => {
    round();
    if (!list.items().some(isLive)) return;
    const timer = setTimeout(async () => {
      try {
        await list.refresh();
      } catch (failure) {
        if (!(failure instanceof ApiError) && !(failure instanceof TypeError)) throw failure;
      } finally {
        setRound((value) => value + 1);
      }
    }, POLL_MS);
    onCleanup(() => clearTimeout(timer));
  });

  const setTier = (index: number, key: keyof TierDraft, value: string) =>
    setTiers((all) => all.map((tier, position) => (position === index ? { ...tier, [key]: value } : tier)));

  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setErrors({});
    setFormError();
    setMessage();
    const problems: Record<string, string> = {};
    const basePrice = Money.parse(String(data.get("basePrice") ?? ""), currency());
    if (basePrice === undefined)
      problems.basePrice = `Enter a price like ${Money.editable({ amount: 10000, currency: currency() })}`;
    const tierPrices = tiers().map((tier) => Money.parse(tier.price, currency()));
    tierPrices.forEach((price, index) => {
      if (price === undefined)
        problems[`tiers.${index}.price`] =
          `Enter a price like ${Money.editable({ amount: 8000, currency: currency() })}`;
    });
    const parsed = ruleFromForm(data, kind(), currency());
    if ("errors" in parsed) Object.assign(problems, parsed.errors);
    const deadlineText = String(data.get("deadline") ?? "");
    if (!deadlineText) problems.deadline = "Pick a deadline";
    if (Object.keys(problems).length > 0 || "errors" in parsed) {
      setErrors(problems);
      setFormError("Some fields are not valid");
      return;
    }
    const money = (amount: number | undefined) => ({ amount: amount ?? 0, currency: currency() });
    const imageUrl = String(data.get("productImageUrl") ?? "").trim();
    try {
      const created = await unwrap(
        api.v1.campaigns.$post({
          json: {
            brandId: props.brand.id,
            type: "groupbuy",
            name: String(data.get("groupbuyName")),
            ...(productId()
              ? { productId: productId() }
              : {
                  product: {
                    title: String(data.get("productTitle") ?? ""),
                    url: String(data.get("productUrl") ?? "").trim(),
                    ...(imageUrl ? { imageUrl } : {}),
                  },
                }),
            basePrice: money(basePrice),
            tiers: tiers().map((tier, index) => ({
              participants: Number(tier.participants),
              price: money(tierPrices[index]),
            })),
            minParticipants: Number(data.get("minParticipants")),
            capacity: Number(data.get("capacity")),
            maxQuantityPerPerson: Number(data.get("maxQuantityPerPerson")),
            deadline: new Date(deadlineText).toISOString(),
            rule: parsed.rule,
            holdDays: Number(data.get("holdDays")),
            ...(picture() && { imageId: picture()?.id, imageAlt: pictureAlt().trim() || undefined }),
          },
        }),
      );
      form.reset();
      setKind("percent");
      setProductId("");
      setPicture(null);
      setPictureAlt("");
      setTiers([{ participants: "", price: "" }]);
      setMessage(`Created ${created.name}`);
      void list.reload();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors(error.fieldErrors());
      setFormError(error.message);
    }
  };

  return (
    <div>
      <h2>Group-buys</h2>
      <Show
        when={list.items().length > 0}
        fallback={<p class="empty">{list.first.loading ? "Loading…" : "No group-buys yet."}</p>}
      >
        <For each={list.items()}>
          {(groupbuy) => <GroupBuyPanel brandId={props.brand.id} groupbuy={groupbuy} />}
        </For>
        <ShowMore list={list} noun="group-buys" />
      </Show>

      <h3>New group-buy</h3>
      <form onSubmit={create} novalidate aria-label="New group-buy">
        <Field label="Group-buy name" name="groupbuyName" required error={errors().name} />
        <fieldset>
          <legend>Product</legend>
          <Show when={products.items().length > 0}>
            <div class="field">
              <label for="groupbuyProductId">From the catalogue</label>
              <select
                id="groupbuyProductId"
                value={productId()}
                onChange={(event) => setProductId(event.currentTarget.value)}
              >
                <option value="">None: describe it below</option>
                <For each={products.items()}>
                  {(product) => (
                    <option value={product.id}>
                      {product.name} ({Money.display(product.price)})
                    </option>
                  )}
                </For>
              </select>
              <ShowMore list={products} noun="products" />
            </div>
          </Show>
          <Show when={!productId()}>
            <Field
              label="Product title"
              name="productTitle"
              error={errors()["product.title"] ?? errors().product}
            />
            <Field label="Product page URL" name="productUrl" type="url" error={errors()["product.url"]} />
            <Field
              label="Product image URL (optional)"
              name="productImageUrl"
              type="url"
              error={errors()["product.imageUrl"]}
            />
          </Show>
          <ImageUpload
            id="groupbuy-image"
            label="Group-buy picture (optional; a catalogue product's photo otherwise)"
            purpose="groupbuy"
            image={picture()}
            onChange={setPicture}
            alt={{
              value: pictureAlt(),
              onInput: setPictureAlt,
              label: "Describe the picture (alt text)",
              error: errors().imageAlt,
            }}
            error={errors().imageId}
            testId="groupbuy-image"
          />
        </fieldset>
        <Field
          label={`Base price (${currency()})`}
          name="basePrice"
          inputMode="decimal"
          error={errors().basePrice ?? errors()["basePrice.amount"]}
        />
        <fieldset class="tier-rows">
          <legend>Price tiers</legend>
          <Show when={errors().tiers}>
            <p class="error">{errors().tiers}</p>
          </Show>
          <Index each={tiers()}>
            {(tier, index) => (
              <div class="tier-row" data-testid="tier-row">
                <Field
                  label={`Tier ${index + 1}: people`}
                  name={`tier-${index}-participants`}
                  type="number"
                  min="1"
                  value={tier().participants}
                  onInput={(event) => setTier(index, "participants", event.currentTarget.value)}
                  error={errors()[`tiers.${index}.participants`]}
                />
                <Field
                  label={`Tier ${index + 1}: price (${currency()})`}
                  name={`tier-${index}-price`}
                  inputMode="decimal"
                  value={tier().price}
                  onInput={(event) => setTier(index, "price", event.currentTarget.value)}
                  error={errors()[`tiers.${index}.price`] ?? errors()[`tiers.${index}.price.amount`]}
                />
                <Show when={tiers().length > 1}>
                  <button
                    type="button"
                    class="link"
                    onClick={() => setTiers((all) => all.filter((_, position) => position !== index))}
                  >
                    Remove tier {index + 1}
                  </button>
                </Show>
              </div>
            )}
          </Index>
          <Show when={tiers().length < 20}>
            <button
              type="button"
              class="secondary small"
              onClick={() => setTiers((all) => [...all, { participants: "", price: "" }])}
            >
              Add tier
            </button>
          </Show>
        </fieldset>
        <Field
          label="Minimum to succeed (people)"
          name="minParticipants"
          type="number"
          min="1"
          value="2"
          error={errors().minParticipants}
        />
        <Field
          label="Capacity (units)"
          name="capacity"
          type="number"
          min="1"
          value="100"
          hint="How many units you can supply in all: every participant's quantity counts against it"
          error={errors().capacity}
        />
        <Field
          label="Per-person limit"
          name="maxQuantityPerPerson"
          type="number"
          min="1"
          max="100"
          value="1"
          error={errors().maxQuantityPerPerson}
        />
        <Field
          label="Deadline"
          name="deadline"
          type="datetime-local"
          value={localInputValue(new Date(Date.now() + 7 * 86_400_000))}
          hint="At most 30 days from now"
          error={errors().deadline}
        />
        <CommissionRuleFields kind={kind} setKind={setKind} currency={currency()} errors={errors()} />
        <Field
          label="Hold (days)"
          name="holdDays"
          type="number"
          min="0"
          max="365"
          value="30"
          error={errors().holdDays}
        />
        <FormError message={formError()} />
        <Notice message={message()} />
        <button type="submit">Create group-buy</button>
      </form>
    </div>
  );
}
