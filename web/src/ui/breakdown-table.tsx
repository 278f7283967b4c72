import { For, Show } from "solid-js";

/** One breakdown (referrer, device, country...) of human clicks, largest first. */
export function BreakdownTable(props: {
  title: string;
  rows: { key: string; humanClicks: number }[];
  testId?: string;
}) {
  return (
    <section class="breakdown" data-testid={props.testId}>
      <h3>{props.title}</h3>
      <Show when={props.rows.length > 0} fallback={<p class="hint">No human clicks yet.</p>}>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.title}</th>
              <th scope="col" class="number">
                Human clicks
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows.slice(0, 10)}>
              {(row) => (
                <tr>
                  <td>{row.key}</td>
                  <td class="number">{row.humanClicks}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
