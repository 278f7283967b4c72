import * as Money from "@shopguide/core/util/money";
import { A, useSearchParams } from "@solidjs/router";
import { For, Show } from "solid-js";
import { api, unwrap } from "../../api/client";
import { type Brand, formatDate, statusLabels } from "../../data/commerce";
import { createPagedList } from "../../data/paged";
import { ShowMore } from "../../ui/show-more";

const statuses = [
  "",
  "pending",
  "held",
  "approved",
  "reversed",
  "rejected",
  "unattributed",
  "no_commission",
] as const;
type Status = Exclude<(typeof statuses)[number], "">;

/** The conversions table; filters live in the URL so a filtered view can be shared and reloaded. */
export function ConversionsTab(props: { brand: Brand }) {
  const [search, setSearch] = useSearchParams<{
    status?: string;
    creator?: string;
    from?: string;
    to?: string;
  }>();
  const query = () => ({
    brandId: props.brand.id,
    status: (search.status || undefined) as Status | undefined,
    creator: search.creator || undefined,
    from: search.from ? new Date(search.from).toISOString() : undefined,
    to: search.to ? new Date(`${search.to}T23:59:59.999Z`).toISOString() : undefined,
  });
  const conversions = createPagedList(query, ({ brandId, ...filter }, cursor) =>
    unwrap(api.v1.brands[":brandId"].conversions.$get({ param: { brandId }, query: { ...filter, cursor } })),
  );
  const filter = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    setSearch({
      status: String(data.get("status") || "") || undefined,
      creator: String(data.get("creator") || "") || undefined,
      from: String(data.get("from") || "") || undefined,
      to: String(data.get("to") || "") || undefined,
    });
  };
  return (
    <div>
      <h2>Conversions</h2>
      <form class="filters" onSubmit={filter} aria-label="Filter conversions">
        <div class="field">
          <label for="filter-status">Status</label>
          <select id="filter-status" name="status" value={search.status ?? ""}>
            <For each={statuses}>
              {(status) => <option value={status}>{status ? statusLabels[status] : "Any"}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="filter-creator">Creator handle</label>
          <input id="filter-creator" name="creator" value={search.creator ?? ""} />
        </div>
        <div class="field">
          <label for="filter-from">From</label>
          <input id="filter-from" name="from" type="date" value={search.from ?? ""} />
        </div>
        <div class="field">
          <label for="filter-to">To</label>
          <input id="filter-to" name="to" type="date" value={search.to ?? ""} />
        </div>
        <button type="submit">Filter</button>
      </form>
      <Show when={!conversions.first.loading} fallback={<p aria-busy="true">Loading…</p>}>
        <Show when={conversions.items().length > 0} fallback={<p class="empty">No conversions match.</p>}>
          <div class="table-scroll">
            <table data-testid="conversions">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">When</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Creator</th>
                  <th scope="col">Commission</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span class="visually-hidden">Receipt</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={conversions.items()}>
                  {(conversion) => (
                    <tr>
                      <td>{conversion.orderId}</td>
                      <td>{formatDate(conversion.occurredAt)}</td>
                      <td>{Money.display(conversion.amount)}</td>
                      <td>{conversion.creatorHandle ? `@${conversion.creatorHandle}` : "–"}</td>
                      <td>{conversion.commission ? Money.display(conversion.commission.amount) : "–"}</td>
                      <td>{statusLabels[conversion.status] ?? conversion.status}</td>
                      <td>
                        <A href={`/receipts/${conversion.id}`}>Receipt for {conversion.orderId}</A>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <ShowMore list={conversions} noun="conversions" />
        </Show>
      </Show>
    </div>
  );
}
