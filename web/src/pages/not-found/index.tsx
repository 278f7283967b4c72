import { A } from "@solidjs/router";

export default function NotFoundPage() {
  return (
    <section class="card narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <A href="/">Back to the home page</A>
    </section>
  );
}
