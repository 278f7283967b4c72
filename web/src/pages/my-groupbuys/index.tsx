import * as Money from "@shopguide/core/util/money";
import { A } from "@solidjs/router";
import { For, Match, Show, Switch } from "solid-js";
import { GroupBuys } from "../../data/groupbuys";
import { createPagedList } from "../../data/paged";
import { Session } from "../../data/session";
import { formatDate } from "../../ui/format";
import { Picture } from "../../ui/picture";
import { ShowMore } from "../../ui/show-more";

const statusText = { open: "Open", succeeded: "Succeeded", failed: "Did not go ahead" } as const;

/**
 * "My group-buys", photo first: every group-buy the signed-in person joined with its picture, its status and,
 * after success, their code.
 */
export default function MyGroupBuysPage() {
  const mine = createPagedList(
    () => Session.me()?.id,
    (_, cursor) => GroupBuys.listMine(cursor),
  );
  return (
    <section class="card wide">
      <h1>My group-buys</h1>
      <Switch>
        <Match when={Session.me() === null}>
          <p>
            <A href="/login?next=%2Fgroupbuys">Sign in</A> to see the group-buys you joined.
          </p>
        </Match>
        <Match when={mine.first.loading || Session.me.loading}>
          <p aria-busy="true">Loading…</p>
        </Match>
        <Match when={mine.first.error}>
          <p role="alert">Your group-buys could not be loaded.</p>
        </Match>
        <Match when={mine.first()}>
          <Show
            when={mine.items().length > 0}
            fallback={
              <p class="empty">You have not joined a group-buy yet. Creators share them in guides.</p>
            }
          >
            <ul class="list plain">
              <For each={mine.items()}>
                {(item) => (
                  <li class="panel photo-row" data-testid={`my-groupbuy-${item.groupbuyId}`}>
                    <Picture image={item.image} alt="" sizes="96px" class="thumb" />
                    <div>
                      <h2>
                        <A href={`/groupbuys/${item.groupbuyId}`}>{item.name}</A>
                      </h2>
                      <p>
                        <span class="badge" data-testid="my-groupbuy-status">
                          {statusText[item.status]}
                        </span>{" "}
                        {item.quantity} × {Money.display(item.price)} ·{" "}
                        {item.status === "open" ? "ends" : "ended"}{" "}
                        <time datetime={item.deadline}>{formatDate(item.deadline)}</time>
                      </p>
                      <Show when={item.code}>
                        {(code) => (
                          <p>
                            Your code: <code data-testid="my-groupbuy-code">{code()}</code>
                          </p>
                        )}
                      </Show>
                      <Show when={item.status === "failed"}>
                        <p class="meta">Everyone was released: nothing to pay.</p>
                      </Show>
                    </div>
                  </li>
                )}
              </For>
            </ul>
            <ShowMore list={mine} noun="group-buys" />
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
