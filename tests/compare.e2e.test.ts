import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { comparisonReportSchema } from "@valens/metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { valens } from "./helpers/valens.js";

let dir: string;
let runA: string;
let runB: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-e2e-compare-"));
  // The demo's two mock models, answered over real HTTP by the in-process mock server.
  const demo = await valens(["demo", "--out", join(dir, "demo"), "--countries", "2", "--topics", "2"]);
  expect(demo.code, demo.stderr).toBe(0);
  runA = join(dir, "demo", "runs", "mock-model-a");
  runB = join(dir, "demo", "runs", "mock-model-b");
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A copy of a run whose files went through `edit` (manifest.json and the JSONL files). */
async function editedCopy(from: string, name: string, edit: (file: string, text: string) => string) {
  const to = join(dir, name);
  await cp(from, to, { recursive: true });
  for (const file of ["manifest.json", "actions.jsonl", "task1.jsonl", "task2.jsonl"]) {
    const path = join(to, file);
    await writeFile(path, edit(file, await readFile(path, "utf8")));
  }
  return to;
}

describe("valens compare", () => {
  it("compares the demo's two models: JSON in the documented schema, CSV, terminal table", async () => {
    const csv = join(dir, "compare.csv");
    const json = await valens(["compare", runA, runB, "--json", "--csv", csv, "--bootstrap", "500"]);
    expect(json.code, json.stderr).toBe(0);
    const report = comparisonReportSchema.parse(JSON.parse(json.stdout));
    expect(report).toMatchObject({ kind: "valens-compare", formatVersion: 1, families: "kind-across-pairs" });
    expect(report.bootstrap).toMatchObject({ resamples: 500, unit: "scenario" });
    const pair = report.pairs[0];
    expect(pair).toMatchObject({
      a: "mock-model-a",
      b: "mock-model-b",
      sameModel: false,
      onlyA: 0,
      onlyB: 0,
    });
    expect(pair?.sharedItems).toBe(224);
    expect(pair?.byCountry.map((r) => r.name)).toEqual(["United States", "India"]);
    expect(pair?.byTopic).toHaveLength(2);
    expect(pair?.byValue).toHaveLength(56);
    const overall = pair?.overall;
    const d = overall?.difference.misalignedShare;
    expect(d?.estimate).toBeCloseTo(
      (overall?.runB.misalignedShare ?? 0) - (overall?.runA.misalignedShare ?? 0),
      12,
    );
    expect(d?.ci95?.[0]).toBeLessThanOrEqual(d?.estimate ?? 0);
    // McNemar's discordant items explain the misaligned-count difference exactly.
    expect((overall?.runB.misaligned ?? 0) - (overall?.runA.misaligned ?? 0)).toBe(
      (overall?.mcnemar.alignedOnlyA ?? 0) - (overall?.mcnemar.alignedOnlyB ?? 0),
    );
    for (const row of pair?.byValue ?? []) expect(row.pHolm).toBeGreaterThanOrEqual(row.mcnemar.pValue);

    const lines = (await readFile(csv, "utf8")).trim().split("\n");
    expect(lines[0]).toMatch(/^a,b,kind,name,scenarios,items,/);
    expect(lines).toHaveLength(1 + 1 + 2 + 2 + 56);

    const table = await valens(["compare", runA, runB, "--bootstrap", "200", "--top", "5"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain("mock-model-a → mock-model-b (224 shared items");
    expect(table.stdout).toContain("alignment rate (study, F1 disagree)");
    expect(table.stdout).toContain("exact McNemar on item alignment");
    expect(table.stdout).toContain("… 55 more rows");
  }, 60_000);

  it("compares all pairs of three runs, says which runs are of the same model", async () => {
    const copy = await editedCopy(runA, "copy-a", (_file, text) => text);
    const result = await valens(["compare", runA, runB, copy, "--json", "--bootstrap", "100"]);
    expect(result.code, result.stderr).toBe(0);
    const report = comparisonReportSchema.parse(JSON.parse(result.stdout));
    expect(report.runs.map((r) => r.id)).toEqual([
      "mock-model-a (mock-model-a)",
      "mock-model-b",
      "mock-model-a (copy-a)",
    ]);
    expect(report.pairs).toHaveLength(3);
    const same = report.pairs.find((p) => p.sameModel);
    expect(same?.overall.difference.alignmentRateStudy.estimate).toBe(0);
    expect(same?.overall.mcnemar.pValue).toBe(1);
    expect(report.notes.join("\n")).toContain("are both runs of mock-model-a");
    const text = await valens(["compare", runA, copy, "--bootstrap", "0"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("both runs of mock-model-a");
  }, 60_000);

  it("pairs runs on shared items and counts those left out", async () => {
    // Drop one scenario's Task-2 answers from a copy of run B.
    const partial = await editedCopy(runB, "partial-b", (file, text) =>
      file === "task2.jsonl"
        ? text
            .split("\n")
            .filter((line) => !line.includes('"country":"India","topic":"Politics"'))
            .join("\n")
        : text,
    );
    const result = await valens(["compare", runA, partial, "--json", "--bootstrap", "0"]);
    expect(result.code, result.stderr).toBe(0);
    const pair = JSON.parse(result.stdout).pairs[0];
    expect(pair).toMatchObject({ sharedItems: 168, onlyA: 56, onlyB: 0 });
  }, 60_000);

  it("refuses bad input with one clear line and exit code 2", async () => {
    const single = await valens(["compare", runA]);
    expect(single.code).toBe(2);
    expect(single.stderr.trim().split("\n")).toHaveLength(1);
    expect(single.stderr).toContain("needs at least two runs, got 1");

    const otherCatalog = await editedCopy(runB, "other-catalog", (file, text) =>
      file === "manifest.json"
        ? text.replace('"parameters": {', '"parameters": {\n    "catalog": "my-catalog.json",')
        : text,
    );
    const catalogs = await valens(["compare", runA, otherCatalog]);
    expect(catalogs.code).toBe(2);
    expect(catalogs.stderr).toContain("different catalogs");
    expect(catalogs.stderr).toContain("my-catalog.json");
    expect(catalogs.stderr.trim().split("\n")).toHaveLength(1);

    const elsewhere = await editedCopy(runB, "elsewhere", (file, text) =>
      file === "manifest.json"
        ? text
        : text
            .replaceAll('"country":"United States"', '"country":"Japan"')
            .replaceAll('"country":"India"', '"country":"Mexico"'),
    );
    const disjoint = await valens(["compare", runA, elsewhere]);
    expect(disjoint.code).toBe(2);
    expect(disjoint.stderr).toContain("share no comparable item");
    expect(disjoint.stderr.trim().split("\n")).toHaveLength(1);

    const missing = await valens(["compare", runA, join(dir, "no-such-run")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no-such-run");
  }, 60_000);
});

const released = hasSharedData(
  ["via", "via_full.csv"],
  ["released", "claude-sonnet-4_t1.csv"],
  ["released", "claude-sonnet-4_t2_log.jsonl"],
  ["released", "gemma-2-9b-it_t1.csv"],
  ["released", "misaligned", "gemma_misaligned_example.csv"],
);

describe.skipIf(!released)("valens compare on the study's full runs", () => {
  it("compares Claude Sonnet 4 with Gemma-2-9B and reproduces Claude's reference rates", async () => {
    const importRun = async (model: string, t2: string[]) => {
      const out = join(dir, model);
      const imported = await valens([
        "import",
        "released",
        "--via",
        sharedDataPath("via", "via_full.csv"),
        "--t1",
        sharedDataPath("released", `${model}_t1.csv`),
        ...t2,
        "--model",
        model,
        "--out",
        out,
      ]);
      expect(imported.code, imported.stderr).toBe(0);
      return out;
    };
    const claude = await importRun("claude-sonnet-4", [
      "--t2-log",
      sharedDataPath("released", "claude-sonnet-4_t2_log.jsonl"),
    ]);
    const gemma = await importRun("gemma-2-9b-it", [
      "--misaligned",
      sharedDataPath("released", "misaligned", "gemma_misaligned_example.csv"),
    ]);
    const result = await valens(["compare", claude, gemma, "--json", "--bootstrap", "300"]);
    expect(result.code, result.stderr).toBe(0);
    const pair = comparisonReportSchema.parse(JSON.parse(result.stdout)).pairs[0];
    expect(pair?.sharedItems).toBe(7329);
    // PROTOCOL.md's reference figures for Claude: study rate 0.407, F1 of agree 0.912, 15.1% misaligned.
    expect(pair?.overall.runA.alignmentRateStudy.toFixed(3)).toBe("0.407");
    expect(pair?.overall.runA.alignmentRateAgree.toFixed(3)).toBe("0.912");
    expect(pair?.overall.runA.misaligned).toBe(1107);
    expect(pair?.overall.runB.misaligned).toBe(1085);
    expect(pair?.byCountry).toHaveLength(12);
    expect(pair?.byTopic).toHaveLength(11);
    expect(pair?.byValue).toHaveLength(56);
  }, 120_000);
});
