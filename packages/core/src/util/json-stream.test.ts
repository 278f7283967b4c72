import { describe, expect, it } from "vitest";
import { jsonItemsStream } from "./json-stream";

async function* pagesOf<T>(...pages: T[][]) {
  for (const page of pages) yield page;
}

const read = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe("jsonItemsStream", () => {
  it("writes every page's items into one JSON document, skipping empty pages", async () => {
    const text = await read(jsonItemsStream(pagesOf([{ a: 1 }, { a: 2 }], [], [{ a: '3, "quoted"' }], [])));
    expect(JSON.parse(text)).toEqual({ items: [{ a: 1 }, { a: 2 }, { a: '3, "quoted"' }] });
  });

  it("answers an empty list when there is nothing to read", async () => {
    expect(JSON.parse(await read(jsonItemsStream(pagesOf())))).toEqual({ items: [] });
    expect(JSON.parse(await read(jsonItemsStream(pagesOf([], []))))).toEqual({ items: [] });
  });

  it("stops reading pages when the reader goes away", async () => {
    let pagesRead = 0;
    async function* endless() {
      for (;;) {
        pagesRead++;
        yield [{ page: pagesRead }];
      }
    }
    const reader = jsonItemsStream(endless()).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const after = pagesRead;
    await new Promise((done) => setTimeout(done, 10));
    expect(pagesRead).toBe(after);
  });
});
