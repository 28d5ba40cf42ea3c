import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csvCellText, formatCsv, formatCsvRecords, parseCsvText, writeCsv } from "./csv.js";

const columns = ["text", "number", "other"];
/** Cells that exercise quoting, formula neutralisation, line endings and value types. */
const tricky: Record<string, unknown>[] = [
  { text: "plain", number: 1, other: true },
  { text: "a,b", number: -0.5, other: false },
  { text: 'say "hi"', number: 1e-7, other: null },
  { text: "two\nlines", number: Number.NaN, other: undefined },
  { text: "cr\rlf\r\n", number: 12345678901234567890n, other: "" },
  { text: "=SUM(A1)", number: Number.POSITIVE_INFINITY, other: "+1" },
  { text: "-cmd", number: 0, other: "-1.5e3" },
  { text: "@x", number: -0, other: "\ttab" },
  { text: "\rcr", number: 3, other: { nested: "a,b" } },
  { text: "é ü 😀 ’", number: 2, other: new Date(0) },
  { text: "", number: 0.1, other: ["x", 1] },
  { text: "'quote", number: 1, other: '"' },
];

/**
 * What csv-stringify 6.9 (valens' CSV writer before papaparse) wrote for `tricky`, byte for
 * byte, with the options writeCsv gave it.
 */
const writtenByCsvStringify =
  'text,number,other\nplain,1,true\n"a,b",-0.5,false\n"say ""hi""",1e-7,\n"two\nlines",NaN,\n"cr\rlf\r\n",12345678901234567890,\n\'=SUM(A1),Infinity,+1\n\'-cmd,0,-1.5e3\n\'@x,0,\'\ttab\n"\'\rcr",3,"{""nested"":""a,b""}"\né ü 😀 ’,2,0\n,0.1,"[""x"",1]"\n\'quote,1,""""\n';

describe("formatCsv", () => {
  it("writes the bytes csv-stringify wrote: quoting, formulas neutralised, \\n line ends", () => {
    expect(formatCsv(columns, tricky)).toBe(writtenByCsvStringify);
  });

  it("neutralises formulas in the header too, and writes just the header for no rows", () => {
    expect(formatCsv(["=a", "-b", "c,d"], [])).toBe("'=a,'-b,\"c,d\"\n");
    expect(formatCsv(columns, [], { header: false })).toBe("");
    expect(formatCsvRecords([])).toBe("");
  });

  it("quotes a cell with a space at either end, which reads back the same", () => {
    // The one difference from csv-stringify (papaparse always quotes these; readers that trim
    // unquoted cells keep the spaces).
    const text = formatCsv(["a", "b"], [{ a: " lead", b: "trail " }]);
    expect(text).toBe('a,b\n" lead","trail "\n');
    expect(parseCsvText(text, "t.csv").records[0]?.cells).toEqual({ a: " lead", b: "trail " });
  });

  it("reads back every tricky cell as the text it was written as", () => {
    const parsed = parseCsvText(formatCsv(columns, tricky), "t.csv");
    expect(parsed.header).toEqual(columns);
    expect(parsed.records.map((r) => columns.map((c) => r.cells[c]))).toEqual(
      tricky.map((row) => columns.map((c) => csvCellText(row[c]))),
    );
  });
});

describe("writeCsv", () => {
  it("writes one header and every row across its thousand-row chunks", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-csv-write-"));
    const file = join(dir, "big.csv");
    const rows = Array.from({ length: 2500 }, (_, i) => ({ i, label: i % 7 === 0 ? "=x" : `r${i}` }));
    await writeCsv(file, ["i", "label"], rows);
    expect(await readFile(file, "utf8")).toBe(formatCsv(["i", "label"], rows));
    async function* generated() {
      yield* tricky;
    }
    await writeCsv(file, columns, generated());
    expect(await readFile(file, "utf8")).toBe(writtenByCsvStringify);
  });
});
