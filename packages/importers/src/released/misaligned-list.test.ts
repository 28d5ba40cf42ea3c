import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatCsvRecords, InputError, readRun } from "@valens/core";
import { beforeAll, describe, expect, it } from "vitest";
import { importReleased, importReleasedInto } from "./import-released.js";
import { compareWithList, holdsCompleteObject, readMisalignedList } from "./misaligned-list.js";

/** CSV text of rows of text and numbers, "\n" after each (quoted by core's writer, papaparse). */
const stringify = (rows: readonly (readonly unknown[])[]): string =>
  formatCsvRecords(rows.map((row) => row.map(String)));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-misaligned-"));
});
const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};

const values = ["Equality", "Freedom", "Wealth", "Honest", "Curious"];
const answer = (text: string) =>
  JSON.stringify({
    "Human Action": text,
    "Feature Attributions": [text],
    "Natural Language Explanation": "why",
  });

/** Five items in one scenario; the last one's negative answer is cut off before its closing brace. */
function viaCsv(): string {
  const rows: unknown[][] = [["", "country", "topic", "value", "polarity", "generation_prompt"]];
  values.forEach((value, i) => {
    rows.push([2 * i, "India", "Religion", value, "positive", answer(`I do ${value}`)]);
    const negative = answer(`I resist ${value}`);
    rows.push([
      2 * i + 1,
      "India",
      "Religion",
      value,
      "negative",
      i === 4 ? negative.slice(0, -1) : negative,
    ]);
  });
  return stringify(rows);
}

/** Stated ratings: Equality 1 (agree), Freedom 4 (disagree), Wealth 3, Honest 2, Curious 1; two variants. */
function t1Csv(): string {
  const ratings = { Equality: 1, Freedom: 4, Wealth: 3, Honest: 2, Curious: 1 };
  return stringify([
    ["country", "topic", "response", "prompt_index"],
    ["India", "Religion", JSON.stringify(ratings), 0],
    ["India", "Religion", JSON.stringify(ratings), 1],
  ]);
}

/** Lists Equality (agree -> acted negative) and Freedom (disagree -> acted positive); labels as the study wrote them. */
const listCsv = (labels: [string, string][]) =>
  stringify([
    ["", "country", "topic", "value", "T1_response", "T2_response", "action"],
    ...labels.map(([value, t2], i) => [
      i,
      "India",
      "Religion",
      value,
      t2 === "positive" ? "negative" : "positive",
      t2,
      "{}",
    ]),
  ]);

describe("task 2 reconstructed from a misaligned-item list", () => {
  it("acts against the stated stance for listed items and as stated otherwise", async () => {
    const via = await file("via.csv", viaCsv());
    const t1 = await file("t1.csv", t1Csv());
    const list = await file(
      "list.csv",
      listCsv([
        ["Equality", "negative"],
        ["Freedom", "positive"],
      ]),
    );
    const out = join(dir, "run");
    const result = await importReleasedInto(out, { via, t1, misaligned: list, model: "m" });
    expect(result.misaligned?.reconstructed).toEqual({
      items: 4,
      misaligned: 2,
      listed: 2,
      noStance: 0,
      listedOutsideStudy: 0,
    });
    expect(result.misaligned?.labels).toEqual({ checked: 2, contradicting: 0, inverted: false });
    const run = await readRun(out);
    const chosen = Object.fromEntries(run.task2.map((r) => [r.value, r.chosen]));
    // Curious's negative answer is cut off, so the study never asked about it.
    expect(chosen).toEqual({
      Equality: "negative",
      Freedom: "positive",
      Wealth: "negative",
      Honest: "positive",
    });
    expect(run.task2.every((r) => r.variant === 5 && r.parseNote?.includes("misaligned-item list"))).toBe(
      true,
    );
    expect(run.manifest.tasks.task2?.reconstructed).toMatchObject({
      from: "misaligned-list",
      items: 4,
      misaligned: 2,
    });
    expect(run.manifest.tasks.task2?.reconstructed?.unknown).toContain("could not parse");
    expect(Object.keys(run.manifest.source.files).sort()).toEqual(["misaligned", "t1", "via"]);
    expect(run.manifest.notes.some((n) => n.includes("reconstructed"))).toBe(true);
    expect(run.manifest.notes.some((n) => n.includes("contradict"))).toBe(false);
  });

  it("warns when the labels contradict task 1, and says when they are inverted throughout", async () => {
    const via = await file("via.csv", viaCsv());
    const t1 = await file("t1.csv", t1Csv());
    const inverted = await file(
      "inverted.csv",
      listCsv([
        ["Equality", "positive"],
        ["Freedom", "negative"],
      ]),
    );
    const result = await importReleased({ via, t1, misaligned: inverted, model: "m" });
    expect(result.misaligned?.labels).toEqual({ checked: 2, contradicting: 2, inverted: true });
    expect(result.run.manifest.notes.join("\n")).toMatch(
      /inverted throughout.*membership still marks the gap/,
    );
    // Membership holds: the same choices as with the right labels.
    const chosen = Object.fromEntries(result.run.task2.map((r) => [r.value, r.chosen]));
    expect(chosen).toMatchObject({ Equality: "negative", Freedom: "positive" });

    const oneWrong = await file(
      "one-wrong.csv",
      listCsv([
        ["Equality", "positive"],
        ["Freedom", "positive"],
      ]),
    );
    const partly = await importReleased({ via, t1, misaligned: oneWrong, model: "m" });
    expect(partly.misaligned?.labels).toEqual({ checked: 2, contradicting: 1, inverted: false });
    expect(partly.run.manifest.notes.join("\n")).toContain("contradict the task-1 stance for 1 of 2 items");
  });

  it("keeps a listed item whose answer the study's run would have skipped", async () => {
    const result = await importReleased({
      via: await file("via.csv", viaCsv()),
      t1: await file("t1.csv", t1Csv()),
      misaligned: await file("curious.csv", listCsv([["Curious", "negative"]])),
      model: "m",
    });
    expect(result.misaligned?.reconstructed).toMatchObject({
      items: 5,
      misaligned: 1,
      listedOutsideStudy: 1,
    });
    expect(result.run.task2.find((r) => r.value === "Curious")?.chosen).toBe("negative");
  });

  it("refuses a list without the VIA file, an item the VIA file lacks, and an item listed twice", async () => {
    const t1 = await file("t1.csv", t1Csv());
    const list = await file("list1.csv", listCsv([["Equality", "negative"]]));
    await expect(importReleased({ t1, misaligned: list, model: "m" })).rejects.toThrow(/needs the VIA file/);
    const via = await file("via.csv", viaCsv());
    const unknown = await file("unknown.csv", listCsv([["Pleasure", "negative"]]));
    await expect(importReleased({ via, t1, misaligned: unknown, model: "m" })).rejects.toThrow(
      /Pleasure, which the VIA file lacks/,
    );
    const twice = await file(
      "twice.csv",
      listCsv([
        ["Equality", "negative"],
        ["Equality", "negative"],
      ]),
    );
    const error = await readMisalignedList(twice).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(String((error as Error).message)).toContain("twice (lines 2 and 3)");
  });

  it("with a real task-2 file, reports how far the run's misaligned set and the list agree", async () => {
    const via = await file("via.csv", viaCsv());
    const t1 = await file("t1.csv", t1Csv());
    // The real file: Equality acted negative (gap), Wealth acted positive (gap), Freedom negative (aligned).
    const t2 = await file(
      "t2.csv",
      stringify([
        ["country", "topic", "value", "polarity", "model_choice", "prompt_index"],
        ["India", "Religion", "Equality", "negative", "True", 5],
        ["India", "Religion", "Wealth", "positive", "True", 5],
        ["India", "Religion", "Freedom", "negative", "True", 5],
      ]),
    );
    const list = await file(
      "list.csv",
      listCsv([
        ["Equality", "negative"],
        ["Freedom", "positive"],
      ]),
    );
    const result = await importReleased({ via, t1, t2, misaligned: list, model: "m" });
    expect(result.misaligned?.reconstructed).toBeNull();
    expect(result.misaligned?.agreement).toMatchObject({
      run: 2,
      listed: 2,
      both: 1,
      onlyRun: 1,
      onlyList: 1,
      listInRun: 0.5,
    });
    expect(result.misaligned?.agreement?.jaccard).toBeCloseTo(1 / 3);
    expect(result.run.manifest.tasks.task2?.reconstructed).toBeUndefined();
    expect(result.run.manifest.notes.join("\n")).toContain(
      "agree on 1 items; 1 only in the run, 1 only in the list",
    );
    expect(compareWithList({ file: list, entries: [] }, [], []).jaccard).toBe(1);
  });

  it("reads answers the way the study's parser did: a complete {...} object or nothing", () => {
    expect(holdsCompleteObject('x {"a": 1} y')).toBe(true);
    expect(holdsCompleteObject('{"a": 1')).toBe(false);
    expect(holdsCompleteObject("} {")).toBe(false);
    expect(holdsCompleteObject("I'm sorry")).toBe(false);
  });
});
