/**
 * The one CSV writer (RFC 4180) for every export: fields separated by commas, lines ended by CRLF, a
 * field quoted when it holds a comma, a double quote (doubled inside), CR or LF, or edge spaces.
 *
 * Formula-injection guard: a text cell that a spreadsheet would run as a formula (it starts with `=`,
 * `+`, `-`, `@`, tab or CR) gets a leading `'`, so "=HYPERLINK(...)" typed by a user shows as text.
 * Plain numbers are left alone ("-12.50" stays a number), since no spreadsheet runs one.
 */

export type Cell = string | number | bigint | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One field, guarded and quoted as needed. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  const safe =
    typeof value === "string" && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record with its CRLF. */
export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** The whole document at once, for small exports: a header line, then one line per row. */
export function csvText(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  let out = csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
}

/**
 * The document as a stream of lines, for exports read page by page: rows arrive as they are read, so
 * neither side holds the whole file. `pages` yields a page of rows at a time (one row is a page of one).
 */
export function csvStream(
  header: readonly string[],
  pages: AsyncIterable<readonly (readonly Cell[])[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvLine(header)));
        return;
      }
      // An empty page enqueues nothing, and a pull that enqueues nothing is not repeated: read on.
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        if (next.value.length > 0) {
          controller.enqueue(encoder.encode(next.value.map(csvLine).join("")));
          return;
        }
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * One CSV record into fields (for imports): commas separate, double quotes enclose, "" inside quotes
 * is a quote. A line break inside quotes is not supported: imports are split into lines first.
 */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      fields.push(field);
      field = "";
    } else field += char;
  }
  fields.push(field);
  return fields.map((value) => value.trim());
}
