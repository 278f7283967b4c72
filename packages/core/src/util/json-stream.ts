/**
 * A JSON document `{"items":[...]}` as a stream, for downloads read page by page (the JSON twin of
 * `csvStream` in csv.ts): items are written as their pages arrive, so neither side holds the whole list.
 */
export function jsonItemsStream(pages: AsyncIterable<readonly unknown[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let written = 0;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode('{"items":['));
        return;
      }
      // An empty page enqueues nothing, and a pull that enqueues nothing is not repeated: read on.
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          controller.enqueue(encoder.encode("]}"));
          controller.close();
          return;
        }
        if (next.value.length > 0) {
          const items = next.value.map((item) => JSON.stringify(item)).join(",");
          controller.enqueue(encoder.encode(written > 0 ? `,${items}` : items));
          written += next.value.length;
          return;
        }
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
