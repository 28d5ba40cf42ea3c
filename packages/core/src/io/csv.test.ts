import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { InputError } from "../errors/input-error.js";
import { ValensError } from "../errors/valens-error.js";
import { csvSafeText, parseCsvText, readCsv, writeCsv } from "./csv.js";

const collect = async (file: string, requiredColumns?: string[]) => {
  const rows = [];
  for await (const row of readCsv(file, requiredColumns ? { requiredColumns } : {})) rows.push(row);
  return rows;
};

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "valens-csv-"));
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

describe("readCsv", () => {
  it("gives each record the line it starts on, across multi-line cells and blank lines", async () => {
    const file = await tempFile("a.csv", '\uFEFFa,b\n1,2\n"x\ny",3\n\n4,"5"\n');
    const rows = await collect(file, ["a", "b"]);
    expect(rows).toEqual([
      { cells: { a: "1", b: "2" }, line: 2 },
      { cells: { a: "x\ny", b: "3" }, line: 3 },
      { cells: { a: "4", b: "5" }, line: 6 },
    ]);
  });

  it("names the file, the expected and the found columns when one is missing", async () => {
    const file = await tempFile("cols.csv", "country,topik\nx,y\n");
    const error = await collect(file, ["country", "topic"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).format()).toBe(
      `The CSV file lacks the column "topic" (${file}:1). Expected columns "country", "topic"; found "country", "topik"`,
    );
  });

  it("names file and line of a malformed line", async () => {
    const file = await tempFile("bad.csv", 'a,b\n1,2\n3,4,5\n"6,7\n');
    const error = (await collect(file).catch((e: unknown) => e)) as InputError;
    expect(error.location).toEqual({ file, line: 3 });
    const unbalanced = await tempFile("quote.csv", 'a,b\n1,2\n"6,7\n');
    expect(((await collect(unbalanced).catch((e: unknown) => e)) as InputError).location).toEqual({
      file: unbalanced,
      line: 3,
    });
  });

  it("refuses missing, empty and header-only files", async () => {
    await expect(collect("/nonexistent/x.csv")).rejects.toThrow("does not exist");
    await expect(collect(await tempFile("empty.csv", ""))).rejects.toThrow("is empty");
    await expect(collect(await tempFile("blank.csv", "\n\n"))).rejects.toThrow("is empty");
    await expect(collect(await tempFile("header.csv", "a,b\n"))).rejects.toThrow("has a header but no rows");
  });
});

describe("readCsv (properties)", () => {
  it("reads a file's cells as UTF-8, whatever their characters, with or without a BOM", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valens-csv-utf8-"));
    const file = join(dir, "u.csv");
    const cell = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 12 }),
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.constantFrom("’", "é,", "“q”\n", "ü\r\nß", "😀"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (rows, bom) => {
          const data = rows.map(([a, b]) => [`v${a}`, b]);
          const text = `${Papa.unparse([["a", "b"], ...data], { quotes: true, newline: "\n" })}\n`;
          await writeFile(file, `${bom ? "\ufeff" : ""}${text}`, "utf8");
          const read = await collect(file);
          expect(read.map((r) => [r.cells.a, r.cells.b])).toEqual(data);
          expect(read.map((r) => r.cells.a)).toEqual(parseCsvText(text, file).records.map((r) => r.cells.a));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("parseCsvText (properties)", () => {
  const cell = fc.oneof(
    fc.string(),
    fc.constantFrom('"', ",", "\n", "\r\n", "\r", '""', " "),
    fc.string({ unit: "grapheme" }),
  );

  it("reads back what a CSV writer wrote, with the right start lines", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) =>
          fc.tuple(
            fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), {
              minLength: width,
              maxLength: width,
            }),
            fc.array(fc.array(cell, { minLength: width, maxLength: width }), {
              minLength: 1,
              maxLength: 8,
            }),
          ),
        ),
        ([header, rows]) => {
          // Rows whose cells are all blank would be skipped as empty lines; keep one visible cell.
          const data = rows.map((row) => [`v${row[0] ?? ""}`, ...row.slice(1)]);
          // Every non-empty cell quoted, so lone "\r"s and blanks are inside quotes.
          const text = `${Papa.unparse([header, ...data], { quotes: (cell: unknown) => cell !== "", newline: "\n" })}\n`;
          const parsed = parseCsvText(text, "gen.csv");
          expect(parsed.header).toEqual(header);
          expect(parsed.records.map((r) => header.map((h) => r.cells[h]))).toEqual(data);
          let line = 2;
          parsed.records.forEach((record, i) => {
            expect(record.line).toBe(line);
            line += 1 + (data[i] ?? []).reduce((n, c) => n + c.split(/\r\n|\r|\n/).length - 1, 0);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("never throws anything but an InputError on arbitrary text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a,"\n\r b]*$/)), (text) => {
        try {
          const parsed = parseCsvText(text, "any.csv");
          for (const record of parsed.records) expect(record.line).toBeGreaterThanOrEqual(2);
        } catch (error) {
          expect(ValensError.isInstance(error)).toBe(true);
          expect((error as InputError).location.file).toBe("any.csv");
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("formula injection", () => {
  it("neutralises text cells that a spreadsheet would run, keeps numbers as numbers", async () => {
    for (const text of ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
      expect(csvSafeText(text)).toBe(`'${text}`);
    for (const text of ["-0.5", "+3", "1e-3", "plain", "", "a=b", "-"]) {
      if (text === "-") expect(csvSafeText(text)).toBe("'-");
      else expect(csvSafeText(text)).toBe(text);
    }
    const dir = await mkdtemp(join(tmpdir(), "valens-csv-inject-"));
    const file = join(dir, "t.csv");
    await writeCsv(
      file,
      ["name", "n"],
      [
        { name: "=cmd|' /C calc'!A0", n: -1.5 },
        { name: "-0.25", n: 2 },
      ],
    );
    const text = await readFile(file, "utf8");
    expect(text).toBe("name,n\n'=cmd|' /C calc'!A0,-1.5\n-0.25,2\n");
  });
});
