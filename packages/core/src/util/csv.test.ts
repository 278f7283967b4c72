import { describe, expect, it } from "vitest";
import { type Cell, csvCell, csvFields, csvLine, csvStream, csvText } from "./csv";

describe("csvCell", () => {
  it.each<[Cell, string]>([
    ["plain", "plain"],
    [42, "42"],
    [-25, "-25"],
    [true, "true"],
    [undefined, ""],
    [null, ""],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rhere", '"cr\rhere"'],
    [" padded ", '" padded "'],
    ["=1+1", "'=1+1"],
    ["+49 30 1234", "'+49 30 1234"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", '"\'\rcmd"'],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ["-12.50", "-12.50"],
    ["+3", "+3"],
    ["-0.005", "-0.005"],
    ["a=b", "a=b"],
  ])("%j is %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe("csvText and csvLine", () => {
  it("writes a header and rows, CRLF after each record", () => {
    expect(
      csvText(
        ["id", "note"],
        [
          ["a", "x,y"],
          ["b", undefined],
        ],
      ),
    ).toBe('id,note\r\na,"x,y"\r\nb,\r\n');
    expect(csvLine([])).toBe("\r\n");
    expect(csvLine([12n, 0])).toBe("12,0\r\n");
  });

  it("reads back what it writes (fields without line breaks)", () => {
    const cells = ["a,b", 'q"uote', " space ", "=formula", "plain"];
    expect(csvFields(csvLine(cells).trimEnd())).toEqual(["a,b", 'q"uote', "space", "'=formula", "plain"]);
  });
});

describe("csvStream", () => {
  it("streams the header, then each page of rows, skipping empty pages", async () => {
    async function* pages() {
      yield [["1", "one"]];
      yield [];
      yield [
        ["2", "-x"],
        ["3", "three"],
      ];
    }
    const text = await new Response(csvStream(["n", "name"], pages())).text();
    expect(text).toBe("n,name\r\n1,one\r\n2,'-x\r\n3,three\r\n");
  });

  it("reads no page before the reader asks for it", async () => {
    let read = 0;
    async function* pages() {
      for (;;) {
        read++;
        yield [[read]];
      }
    }
    const reader = csvStream(["n"], pages()).getReader();
    await reader.read();
    await reader.read();
    expect(read).toBe(1);
    await reader.cancel();
  });
});
