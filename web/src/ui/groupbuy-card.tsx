import * as Money from "@shopguide/core/util/money";
import { Match, Show, Switch } from "solid-js";
import {
  createCountdown,
  createLiveGroupBuy,
  formatCountdown,
  type GroupBuy,
  percentOff,
  progressText,
} from "../data/groupbuys";
import { Picture } from "./picture";

/** The card's photo: full width on a phone, a column beside the text from 600 px. */
const GROUPBUY_CARD_SIZES = "(max-width: 600px) 100vw, 200px";

/** Units taken out of the capacity (which counts units, not people), as a native progress bar with a spoken name. */
export function GroupBuyProgress(props: { groupbuy: GroupBuy }) {
  return (
    <progress
      class="groupbuy-progress"
      max={props.groupbuy.capacity}
      value={props.groupbuy.units}
      aria-label={`${props.groupbuy.units} of ${props.groupbuy.capacity} units taken`}
    />
  );
}

/**
 * The compact card a creator embeds in a guide, photo first: picture, product, price now, progress, countdown,
 * and Join, which opens the group-buy page with the creator as the referrer.
 */
export function GroupBuyCard(props: { groupbuyId: string; refHandle: string }) {
  const { groupbuy } = createLiveGroupBuy(() => props.groupbuyId);
  const secondsLeft = createCountdown(() => groupbuy.latest);
  const href = () => `/groupbuys/${props.groupbuyId}?ref=${encodeURIComponent(props.refHandle)}`;
  return (
    <Show when={groupbuy.latest}>
      {(current) => (
        <aside class="groupbuy-card" aria-label={`Group-buy: ${current().name}`} data-testid="groupbuy-card">
          <Show
            when={current().image || !current().product.imageUrl}
            fallback={
              <img
                class="picture"
                src={current().product.imageUrl}
                alt=""
                loading="lazy"
                referrerpolicy="no-referrer"
              />
            }
          >
            <Picture image={current().image} alt="" sizes={GROUPBUY_CARD_SIZES} />
          </Show>
          <div>
            <p class="eyebrow">Group-buy · {current().brandName}</p>
            <h3>{current().product.title}</h3>
            <p>
              <strong>{Money.display(current().currentPrice)}</strong>
              <Show when={current().currentTier}>
                {(tier) => <span class="badge">{percentOff(current(), tier())}% off</span>}
              </Show>
            </p>
            <GroupBuyProgress groupbuy={current()} />
            <p class="meta" aria-live="polite">
              {progressText(current())} · {current().participants} joined · {current().unitsLeft} of{" "}
              {current().capacity} units left
            </p>
            <Switch>
              <Match when={current().status === "open"}>
                <p class="meta" role="timer">
                  {secondsLeft() > 0 ? `Ends in ${formatCountdown(secondsLeft())}` : "Closed: settling…"}
                </p>
                <a class="button" href={href()}>
                  Join<span class="visually-hidden"> the group-buy for {current().product.title}</span>
                </a>
              </Match>
              <Match when={current().status !== "open"}>
                <a href={href()}>See how it ended</a>
              </Match>
            </Switch>
          </div>
        </aside>
      )}
    </Show>
  );
}
