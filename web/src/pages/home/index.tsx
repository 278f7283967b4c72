import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { Session } from "../../data/session";

export default function HomePage() {
  return (
    <section class="hero">
      <h1>Product guides from creators you trust</h1>
      <p>
        Follow creators, read their picks, and shop through their links. Brands pay creators for the sales
        they bring.
      </p>
      <Show when={!Session.me()}>
        <p class="actions">
          <A href="/signup" class="button">
            Get started
          </A>
          <A href="/login">I have an account</A>
        </p>
      </Show>
      <div class="empty" role="status">
        Your feed will appear here once you follow creators.
      </div>
    </section>
  );
}
