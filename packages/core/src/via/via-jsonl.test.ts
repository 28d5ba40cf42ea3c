import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultCatalog } from "../catalog/catalog.js";
import { formatCsvRecords } from "../io/csv.js";
import { writeJsonl } from "../io/jsonl.js";
import { importVia, importViaToJsonl } from "./via.js";

/** CSV text of rows of text and numbers, "\n" after each (quoted by core's writer, papaparse). */
const stringify = (rows: readonly (readonly unknown[])[]): string =>
  formatCsvRecords(rows.map((row) => row.map(String)));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-via-jsonl-"));
});
const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const answer = (action: string) =>
  JSON.stringify({
    "Human Action": action,
    "Feature Attributions": [action.split(" ")[1] ?? action],
    "Natural Language Explanation": "why",
  });

/** `count` distinct VIA rows over the catalog's grid, with clean, Python-dict and refused answers. */
function viaCsv(count: number): string {
  const rows: unknown[][] = [["", "country", "topic", "value", "polarity", "generation_prompt"]];
  for (let i = 0; rows.length <= count; i++) {
    const polarity = i % 2 === 0 ? "positive" : "negative";
    const item = Math.floor(i / 2);
    const value = defaultCatalog.values[item % 56]?.name;
    const topic = defaultCatalog.topics[Math.floor(item / 56) % 11];
    const country = defaultCatalog.countries[Math.floor(item / 616) % 12];
    const text =
      i % 7 === 3
        ? `{'Human Action': 'I act ${i}', 'Feature Attributions': ['act'], 'Natural Language Explanation': 'it's ${i}'}`
        : i % 11 === 5
          ? "I'm sorry, but I can't assist with that."
          : answer(`I do ${i} things "quoted"\nacross lines`);
    rows.push([i, country, topic, value, polarity, text]);
  }
  return stringify(rows);
}

describe("importViaToJsonl", () => {
  it("writes what writeJsonl writes for importVia's actions", async () => {
    const via = await file("via-small.csv", viaCsv(400));
    const expected = join(dir, "expected-small.jsonl");
    const imported = await importVia(via);
    await writeJsonl(expected, imported.actions);
    const written = await importViaToJsonl(via, join(dir, "small.jsonl"));
    expect(await readFile(written.written, "utf8")).toBe(await readFile(expected, "utf8"));
    expect(written.counts).toEqual(imported.counts);
    expect(written.rows).toEqual(imported.rows);
    expect(written.actions).toEqual(
      imported.actions.map(({ country, topic, value, polarity }) => ({ country, topic, value, polarity })),
    );
  });

  it("writes answers longer than its 1 MB write buffer whole", async () => {
    const text = viaCsv(3).replace("I do 1 things", `I do ${"very ".repeat(120_000)}many things`);
    const via = await file("via-long.csv", text);
    const expected = join(dir, "expected-long.jsonl");
    await writeJsonl(expected, (await importVia(via)).actions);
    const written = await importViaToJsonl(via, join(dir, "long.jsonl"));
    expect((await readFile(written.written)).length).toBeGreaterThan(600_000);
    expect(await readFile(written.written, "utf8")).toBe(await readFile(expected, "utf8"));
  });
});
