import * as Money from "@shopguide/core/util/money";
import { type Accessor, Show } from "solid-js";
import { Field } from "../../ui/field";

export type RuleKind = "percent" | "flat";

export type CommissionRule =
  | { kind: "percent"; bps: number }
  | { kind: "flat"; amount: { amount: number; currency: string }; per: "order" | "unit" };

export function ruleText(rule: CommissionRule): string {
  return rule.kind === "percent"
    ? `${rule.bps / 100}% of the order`
    : `${Money.display(rule.amount)} per ${rule.per}`;
}

/**
 * The commission rule as a form reads it (fields `rate`, `flatAmount`, `per`), or the field errors that
 * stop it; shared by commission campaigns and group-buys, which pay creators by the same rule.
 */
export function ruleFromForm(
  data: FormData,
  kind: RuleKind,
  currency: string,
): { rule: CommissionRule } | { errors: Record<string, string> } {
  if (kind === "percent")
    return { rule: { kind: "percent", bps: Math.round(Number(data.get("rate")) * 100) } };
  const flat = Money.parse(String(data.get("flatAmount") ?? ""), currency);
  if (flat === undefined)
    return { errors: { "rule.amount": `Enter an amount like ${Money.editable({ amount: 500, currency })}` } };
  return {
    rule: {
      kind: "flat",
      amount: { amount: flat, currency },
      per: String(data.get("per")) as "order" | "unit",
    },
  };
}

/** Percent or flat, and the fields for the chosen one. */
export function CommissionRuleFields(props: {
  kind: Accessor<RuleKind>;
  setKind: (kind: RuleKind) => void;
  currency: string;
  errors: Record<string, string>;
}) {
  return (
    <>
      <fieldset>
        <legend>Commission</legend>
        <label>
          <input
            type="radio"
            name="kind"
            value="percent"
            checked={props.kind() === "percent"}
            onChange={() => props.setKind("percent")}
          />{" "}
          Percent of the order
        </label>
        <label>
          <input
            type="radio"
            name="kind"
            value="flat"
            checked={props.kind() === "flat"}
            onChange={() => props.setKind("flat")}
          />{" "}
          Flat amount
        </label>
      </fieldset>
      <Show
        when={props.kind() === "flat"}
        fallback={
          <Field
            label="Commission rate (%)"
            name="rate"
            inputMode="decimal"
            value="10"
            error={props.errors["rule.bps"]}
          />
        }
      >
        <Field
          label={`Flat amount (${props.currency})`}
          name="flatAmount"
          inputMode="decimal"
          error={props.errors["rule.amount"]}
        />
        <div class="field">
          <label for="per">Per</label>
          <select id="per" name="per">
            <option value="order">order</option>
            <option value="unit">unit sold</option>
          </select>
        </div>
      </Show>
    </>
  );
}
