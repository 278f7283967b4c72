import { HERO_SIZES } from "@shopguide/core/image/sizes";
import * as Money from "@shopguide/core/util/money";
import { A, useParams, useSearchParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, Match, on, Show, Switch } from "solid-js";
import { ApiError } from "../../api/client";
import {
  createCountdown,
  createLiveGroupBuy,
  formatCountdown,
  type GroupBuy,
  GroupBuys,
  joinErrorText,
  progressText,
  seatsText,
  tierText,
} from "../../data/groupbuys";
import { Session } from "../../data/session";
import { FormError } from "../../ui/form-error";
import { formatDate } from "../../ui/format";
import { GroupBuyProgress } from "../../ui/groupbuy-card";
import { imageOf, Picture } from "../../ui/picture";
import { ReportButton } from "../../ui/report-button";
import { signInHref, takeWantedAction } from "../../ui/return-to";
import { ShareButton } from "../../ui/share-button";

/** The creator who shared the link travels with the follower through sign-in, in this tab only. */
const refKey = (groupbuyId: string) => `groupbuy-ref:${groupbuyId}`;

function Tiers(props: { groupbuy: GroupBuy }) {
  const currentAt = () => props.groupbuy.currentTier?.participants;
  return (
    <ol class="tiers" aria-label="Price tiers">
      <li
        class={currentAt() === undefined ? "tier current" : "tier"}
        aria-current={currentAt() === undefined}
      >
        Base price: {Money.display(props.groupbuy.basePrice)}
      </li>
      <For each={props.groupbuy.tiers}>
        {(tier) => (
          <li
            class={currentAt() === tier.participants ? "tier current" : "tier"}
            aria-current={currentAt() === tier.participants}
            data-testid="tier"
          >
            {tierText(props.groupbuy, tier)}
            <Show when={currentAt() === tier.participants}>
              <span class="badge">current</span>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}

function Outcome(props: { groupbuy: GroupBuy; code: string | undefined; joined: boolean }) {
  return (
    <Switch>
      <Match when={props.groupbuy.status === "succeeded"}>
        <section class="panel highlight" data-testid="groupbuy-outcome" aria-label="Outcome">
          <h2>It's on!</h2>
          <p>Everyone pays {Money.display(props.groupbuy.currentPrice)} each.</p>
          <Show when={props.joined}>
            <Show when={props.code} fallback={<p aria-busy="true">Your personal code is on its way…</p>}>
              {(code) => (
                <p>
                  Your personal code: <code data-testid="groupbuy-code">{code()}</code>. Use it once at{" "}
                  <a href={props.groupbuy.product.url} rel="noopener" target="_blank">
                    {props.groupbuy.brandName}'s store
                  </a>
                  .
                </p>
              )}
            </Show>
          </Show>
        </section>
      </Match>
      <Match when={props.groupbuy.status === "failed"}>
        <section class="panel" data-testid="groupbuy-outcome" aria-label="Outcome">
          <h2>It did not go ahead</h2>
          <p>
            Fewer than {props.groupbuy.minParticipants} people joined before the deadline. Everyone was
            released: nobody pays anything.
          </p>
        </section>
      </Match>
    </Switch>
  );
}

/** A group-buy: the product, its tiers, live progress and countdown, and joining or leaving. */
export default function GroupBuyPage() {
  const params = useParams<{ id: string }>();
  const [search] = useSearchParams<{ ref?: string }>();
  const { groupbuy, set: mutate, stale } = createLiveGroupBuy(() => params.id);
  const [seat, { refetch: refetchSeat, mutate: setSeat }] = createResource(
    () => (Session.me() ? params.id : undefined),
    GroupBuys.mine,
  );
  const [quantity, setQuantity] = createSignal(1);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const secondsLeft = createCountdown(() => groupbuy.latest);

  createEffect(() => {
    if (search.ref) sessionStorage.setItem(refKey(params.id), search.ref);
  });
  const ref = () => search.ref ?? sessionStorage.getItem(refKey(params.id)) ?? undefined;

  // Settling (and code issuance after it) changes what the follower's own seat shows.
  createEffect(
    on(
      () => [groupbuy.latest?.status, groupbuy.latest?.codesIssuedAt],
      () => {
        if (Session.me()) void refetchSeat();
      },
      { defer: true },
    ),
  );

  const act = async (what: "join" | "leave") => {
    setBusy(true);
    setError();
    try {
      if (what === "join") setSeat(await GroupBuys.join(params.id, quantity(), ref()));
      else {
        await GroupBuys.leave(params.id);
        setSeat(null);
      }
      mutate(await GroupBuys.get(params.id));
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      setError(joinErrorText(failure));
      if (failure.code === "already_joined") void refetchSeat();
    } finally {
      setBusy(false);
    }
  };

  // "Sign in to join" returns with ?do=join (and the ?ref= it came with): the join is then made once. Where
  // a person may take more than one unit, the form waits for the quantity instead (focused).
  createEffect(() => {
    const current = groupbuy.latest;
    if (!Session.me() || current?.status !== "open" || seat.state !== "ready" || seat.latest) return;
    if (!takeWantedAction("join")) return;
    if (current.maxQuantityPerPerson === 1) void act("join");
    else queueMicrotask(() => document.getElementById("quantity")?.focus());
  });

  /** A creator shares as the referrer; anyone else passes on the creator who referred them. */
  const shareLink = () => {
    const me = Session.me();
    if (!me) return undefined;
    const referrer = me.role === "creator" ? me.handle : ref();
    return `/groupbuys/${params.id}${referrer ? `?ref=${encodeURIComponent(referrer)}` : ""}`;
  };

  return (
    <Switch>
      <Match when={groupbuy.loading && !groupbuy.latest}>
        <p class="loading">Loading group-buy…</p>
      </Match>
      <Match when={groupbuy.error}>
        <section class="card narrow">
          <h1>Group-buy not found</h1>
          <p>
            {groupbuy.error instanceof ApiError && groupbuy.error.status === 404
              ? "This group-buy does not exist."
              : "Something went wrong loading this group-buy."}
          </p>
          <A href="/">Back to your feed</A>
        </section>
      </Match>
      <Match when={groupbuy.latest}>
        {(current) => (
          <article class="card groupbuy" data-testid="groupbuy">
            <Show
              when={imageOf(current(), "image")}
              fallback={
                <Show when={current().product.imageUrl}>
                  {(image) => <img class="hero-cover" src={image()} alt="" referrerpolicy="no-referrer" />}
                </Show>
              }
            >
              <Picture image={imageOf(current(), "image")} sizes={HERO_SIZES} priority class="hero-cover" />
            </Show>
            <h1>{current().name}</h1>
            <p class="meta">
              A group-buy by {current().brandName} ·{" "}
              <a href={current().product.url} rel="noopener" target="_blank">
                {current().product.title}
              </a>
            </p>
            <p class="price-now">
              <strong data-testid="groupbuy-price">{Money.display(current().currentPrice)}</strong>
              <Show when={current().currentPrice.amount < current().basePrice.amount}>
                {" "}
                <s>{Money.display(current().basePrice)}</s>
              </Show>
              <span class="meta"> per unit</span>
            </p>
            <Tiers groupbuy={current()} />
            <GroupBuyProgress groupbuy={current()} />
            <div aria-live="polite" aria-atomic="true">
              <p data-testid="groupbuy-progress" class="progress-text">
                {progressText(current())}
              </p>
              <p data-testid="groupbuy-seats" class="meta">
                {seatsText(current())}
              </p>
            </div>
            <Show when={stale()}>
              <p class="meta" role="status">
                Live updates paused; retrying…
              </p>
            </Show>
            <Show when={current().status === "open"}>
              <p role="timer" class="countdown" data-testid="groupbuy-countdown">
                <Show when={secondsLeft() > 0} fallback="Closed: settling…">
                  Ends in {formatCountdown(secondsLeft())}
                </Show>
              </p>
              <p class="meta">
                Deadline: <time datetime={current().deadline}>{formatDate(current().deadline)}</time>
              </p>
            </Show>

            <Outcome groupbuy={current()} code={seat.latest?.code} joined={!!seat.latest} />

            <Show when={current().status === "open"}>
              <Show when={Session.me() === null}>
                <p data-testid="groupbuy-sign-in">
                  <A href={signInHref("join")}>Sign in</A> or{" "}
                  <A href={signInHref("join", "signup")}>create an account</A> to join.
                </p>
              </Show>
              <Show when={Session.me()}>
                <Show
                  when={seat.latest}
                  fallback={
                    <form
                      class="join-form"
                      onSubmit={(event) => {
                        event.preventDefault();
                        void act("join");
                      }}
                    >
                      <Show when={current().maxQuantityPerPerson > 1}>
                        <div class="field">
                          <label for="quantity">Quantity</label>
                          <select
                            id="quantity"
                            value={quantity()}
                            onChange={(event) => setQuantity(Number(event.currentTarget.value))}
                          >
                            <For
                              each={Array.from({ length: current().maxQuantityPerPerson }, (_, i) => i + 1)}
                            >
                              {(count) => <option value={count}>{count}</option>}
                            </For>
                          </select>
                        </div>
                      </Show>
                      <button type="submit" disabled={busy() || secondsLeft() === 0}>
                        Join group-buy
                      </button>
                    </form>
                  }
                >
                  {(mine) => (
                    <div class="joined" data-testid="groupbuy-joined">
                      <p>
                        You're in for {mine().quantity}; you pay the price the group reaches.
                        <Show when={mine().referrerHandle}>{(handle) => <> Thanks to @{handle()}.</>}</Show>
                      </p>
                      <button type="button" class="secondary" disabled={busy()} onClick={() => act("leave")}>
                        Leave group-buy
                      </button>
                    </div>
                  )}
                </Show>
              </Show>
            </Show>
            <FormError message={error()} />
            <p>
              <ReportButton target={{ type: "groupbuy", id: current().id }} what="this group-buy" />
            </p>
            <Show when={shareLink()}>
              {(link) => (
                <p class="share-row">
                  <ShareButton url={link()} title={current().name} label="Share this group-buy" />
                </p>
              )}
            </Show>
          </article>
        )}
      </Match>
    </Switch>
  );
}
