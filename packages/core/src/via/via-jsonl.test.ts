import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeJsonl } from "../io/jsonl.js";
import { viaCsv } from "../test/via-fixtures.js";
import { importVia, importViaToJsonl } from "./via.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-via-jsonl-"));
});
const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};

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
