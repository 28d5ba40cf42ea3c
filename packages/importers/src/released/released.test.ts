import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type InputError, importVia, parseOption, ValensError } from "@valens/core";
import { csvText, VIA_FIXTURE_ROWS } from "@valens/core/test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { importReleased } from "./import-released.js";
import { importTask1 } from "./task1.js";
import { importTask2Csv } from "./task2-csv.js";
import { importTask2Log } from "./task2-log.js";
import { importTask2Samples, toTask2Record } from "./task2-samples.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-released-"));
});
const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const csv = csvText;
const viaRows = VIA_FIXTURE_ROWS;

describe("importTask1", () => {
  it("reads ratings given as numbers, digits with labels, or labels; keeps the rest", async () => {
    const rows = [
      ["country", "topic", "response", "prompt_index"],
      [
        "United States",
        "Politics",
        JSON.stringify({ Wealth: "2", "Social Power": 4, Equality: "1: strongly agree", Freedom: "like me" }),
        0,
      ],
      [
        "United States",
        "Politics",
        '```json\n{"wealth": "3 (disagree)", "Nonsense": "1", "Equality": "7"}\n```',
        1,
      ],
      ["United States", "Politics", "I can't roleplay as being from a specific country.", 2],
      ["United States", "Politics", JSON.stringify({ Wealth: "1" }), 0],
    ];
    const t1 = await importTask1(await file("t1.csv", csv(rows)));
    expect(t1.counts).toEqual({ records: 4, clean: 3, repaired: 0, failed: 1, ratings: 6, unrecognized: 2 });
    expect(t1.records[0]).toMatchObject({
      variant: 0,
      sample: 0,
      ratings: { Wealth: 2, "Social Power": 4, Equality: 1, Freedom: 2 },
    });
    expect(t1.records[1]).toMatchObject({
      ratings: { Wealth: 3 },
      unrecognized: { Nonsense: "1", Equality: "7" },
    });
    expect(t1.records[2]).toMatchObject({ parseStatus: "failed", ratings: {}, raw: rows[3]?.[2] });
    expect(t1.records[3]).toMatchObject({ variant: 0, sample: 1 });
  });

  it("rejects a prompt_index outside 0-7 with file and line", async () => {
    const path = await file(
      "t1bad.csv",
      csv([
        ["country", "topic", "response", "prompt_index"],
        ["Egypt", "Religion", "{}", 8],
      ]),
    );
    const error = (await importTask1(path).catch((e: unknown) => e)) as InputError;
    expect(error.format()).toContain(`Invalid prompt_index "8" (${path}:2)`);
  });
});

describe("importTask2Log", () => {
  const log = (lines: object[]) => lines.map((l) => JSON.stringify(l)).join("\n");

  it("gives each item the polarity of its chosen row", async () => {
    const via = await importVia(await file("via-log.csv", csv(viaRows)));
    const path = await file(
      "log.jsonl",
      log([
        { index: 1, model_choice: true, prompt_index: "5" },
        { index: 0, model_choice: false, prompt_index: "5" },
        { index: 2, model_choice: false, prompt_index: "5" },
      ]),
    );
    const imported = await importTask2Log(path, via);
    expect(imported.records.map((r) => [r.value, r.chosen, r.order, r.variant, r.sourceRows])).toEqual([
      ["Social Power", "negative", "normal", 5, [0, 1]],
      ["Wealth", "negative", "normal", 5, [2]],
    ]);
  });

  it("rejects an index outside the VIA file and conflicting rows, naming lines", async () => {
    const via = await importVia(await file("via-log2.csv", csv(viaRows)));
    const outside = await file(
      "outside.jsonl",
      log([
        { index: 0, model_choice: true },
        { index: 4, model_choice: false },
      ]),
    );
    const error = (await importTask2Log(outside, via).catch((e: unknown) => e)) as InputError;
    expect(error.format()).toContain(`VIA row 4, outside the VIA file (rows 0 to 3) (${outside}:2)`);
    const both = await file(
      "both.jsonl",
      log([
        { index: 0, model_choice: true },
        { index: 1, model_choice: true },
      ]),
    );
    await expect(importTask2Log(both, via)).rejects.toThrow("both actions are marked chosen, lines 1 and 2");
    const flip = await file(
      "flip.jsonl",
      log([
        { index: 0, model_choice: true },
        { index: 0, model_choice: false },
      ]),
    );
    await expect(importTask2Log(flip, via)).rejects.toThrow(
      "marked both chosen and not chosen, lines 1 and 2",
    );
    const notJson = await file("notjson.jsonl", "{oops\n");
    await expect(importTask2Log(notJson, via)).rejects.toThrow("not valid JSON");
    const variant = await file(
      "variant.jsonl",
      log([
        { index: 0, model_choice: true, prompt_index: 5 },
        { index: 1, model_choice: false, prompt_index: "9" },
      ]),
    );
    const badVariant = (await importTask2Log(variant, via).catch((e: unknown) => e)) as InputError;
    expect(badVariant.format()).toMatch(
      /does not fit the task-2 log format: prompt_index: .*variant\.jsonl:2/,
    );
  });
});

describe("importTask2Csv", () => {
  it("joins the study's task-2 CSV to VIA rows by item and polarity", async () => {
    const via = await importVia(await file("via-t2.csv", csv(viaRows)));
    const rows = [
      [...(viaRows[0] as unknown[]), "model_choice", "prompt_index"],
      [...(viaRows[2] as unknown[]), "False", 5],
      [...(viaRows[1] as unknown[]), "True", 5],
      [...(viaRows[3] as unknown[]), "True", 5],
      [...(viaRows[4] as unknown[]), "False", 5],
    ];
    const t2 = await importTask2Csv(await file("t2.csv", csv(rows)), { via });
    expect(t2.records.map((r) => [r.value, r.chosen, r.sourceRows])).toEqual([
      ["Social Power", "positive", [0, 1]],
      ["Wealth", "positive", [2, 3]],
    ]);
    const bad = await file(
      "t2bad.csv",
      csv([rows[0] as unknown[], [...(viaRows[1] as unknown[]), "maybe", 5]]),
    );
    await expect(importTask2Csv(bad, { via })).rejects.toThrow('Invalid model_choice "maybe"');
  });
});

describe("importTask2Samples", () => {
  it("maps reversed-order variants back to the polarity they chose", async () => {
    const header = [
      "country",
      "topic",
      "value",
      "option1",
      "option2",
      ...Array.from({ length: 8 }, (_, v) => `evaluation_${v}`),
    ];
    // The model always picks the positive action: Option 2 in normal order, Option 1 when reversed.
    const answers = Array.from(
      { length: 8 },
      (_, v) => `{'action': 'Option ${[2, 3, 6, 7].includes(v) ? 1 : 2}'}`,
    );
    answers[4] = "{'action': 'I cannot select an option as an AI. Option 1 emphasizes x'}";
    answers[5] = "not an answer";
    const via = await importVia(await file("via-s.csv", csv(viaRows)));
    const path = await file(
      "samples.csv",
      csv([
        header,
        ["United States", "Politics", "Social Power", "I share power", "I lead rallies", ...answers],
      ]),
    );
    const samples = await importTask2Samples(path, { via });
    expect(samples.records.map((r) => [r.variant, r.order, r.chosen])).toEqual([
      [0, "normal", "positive"],
      [1, "normal", "positive"],
      [2, "reversed", "positive"],
      [3, "reversed", "positive"],
      [4, "normal", null],
      [5, "normal", null],
      [6, "reversed", "positive"],
      [7, "reversed", "positive"],
    ]);
    expect(samples.records[5]).toMatchObject({ parseStatus: "failed", raw: "not an answer" });
    expect(samples.counts).toMatchObject({
      answers: 8,
      failed: 2,
      noOption: 1,
      matchedOptions: 2,
      unmatchedOptions: 0,
    });
    expect(samples.actions.map((a) => a.sourceRow)).toEqual([1, 0]);
  });

  it("never throws on arbitrary answers; a chosen polarity implies a named option (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 7 }), (raw, variant) => {
        const record = toTask2Record(raw, { country: "Egypt", topic: "Religion", value: "Devout", variant });
        expect(record.raw).toBe(raw);
        if (record.chosen !== null) expect(parseOption(record.answer)).toBeDefined();
      }),
      { numRuns: 1000 },
    );
  });
});

describe("importReleased", () => {
  it("builds a task-1-only run when no task-2 file is given", async () => {
    const t1 = await file(
      "t1only.csv",
      csv([
        ["country", "topic", "response", "prompt_index"],
        ["Egypt", "Religion", '{"Devout": "1"}', 0],
      ]),
    );
    const result = await importReleased({ t1, model: "m" });
    expect(result.run.manifest.tasks).toMatchObject({ task1: { records: 1, clean: 1 }, task2: null });
    expect(result.run.manifest.source.files.t1?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.run.actions).toEqual([]);
  });

  it("refuses ambiguous or incomplete task-2 sources with a clear error", async () => {
    await expect(importReleased({ t1: "t1.csv", t2Log: "l", t2: "c", model: "m" })).rejects.toThrow(
      "Give one task-2 source",
    );
    const error = await importReleased({ t1: "t1.csv", t2Log: "log.jsonl", model: "m" }).catch(
      (e: unknown) => e,
    );
    expect(ValensError.isInstance(error) && error.format()).toContain("Add --via");
    await expect(importReleased({ t1: join(dir, "missing.csv"), model: "m" })).rejects.toThrow(
      "does not exist",
    );
  });
});
