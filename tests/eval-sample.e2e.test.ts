import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRun } from "@valens/core";
import { readSampleFile } from "@valens/metrics";
import { type MockServer, startMockServer } from "@valens/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ScriptedStudy, scriptedStudy, writeStudyFiles } from "./helpers/scripted-study.js";
import { valens } from "./helpers/valens.js";

// 4 countries x 3 topics x 10 values = 120 items: enough for a sample with an interval.
const GRID = {
  countries: ["United States", "India", "Pakistan", "Nigeria"],
  topics: ["Politics", "Social Networks", "Social Inequality"],
  values: [
    "Social Power",
    "Authority",
    "Wealth",
    "Preserving my Public Image",
    "Social Recognition",
    "Successful",
    "Capable",
    "Ambitious",
    "Influential",
    "Intelligent",
  ],
};
const ITEMS = 120;

let mock: MockServer;
let dir: string;
let study: ScriptedStudy;
let files: { dataset: string; persona: string };
const env = (cache: string) => ({ OPENAI_API_KEY: "sk-mock", VALENS_CACHE_DIR: join(dir, `cache-${cache}`) });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-sample-e2e-"));
  study = scriptedStudy(11, GRID);
  files = await writeStudyFiles(dir, study);
  mock = await startMockServer({ persona: files.persona, dataset: files.dataset });
});
afterAll(async () => {
  await mock?.close();
});

const evalArgs = (model: string, out: string, ...extra: string[]) => [
  "eval",
  "--model",
  `openai:${model}`,
  "--base-url",
  mock.baseUrl,
  "--dataset",
  files.dataset,
  "--variants",
  "5",
  "--progress",
  "off",
  "--out",
  out,
  ...extra,
];

describe("valens eval --task2-budget against the mock server", () => {
  it("uniform: Task 1 in full, Task 2 on the drawn items only; a larger budget buys only new items", async () => {
    const out = join(dir, "uniform");
    mock.resetStats();
    const first = await valens(evalArgs("mock-a", out, "--task2-budget", "40", "--json"), env("uniform"));
    expect(first.stderr).not.toMatch(/internal error/);
    expect(first.code).toBe(0);
    const sample = await readSampleFile(out);
    expect(sample).toHaveLength(ITEMS);
    const drawn = (sample ?? []).filter((r) => r.drawn);
    for (const r of sample ?? []) {
      expect(r.inclusion).toBeCloseTo(40 / ITEMS, 12);
      expect(r.forecast).toBeNull();
      expect(r.drawn).toBe(r.prn < r.inclusion);
    }
    expect(mock.stats().byPromptKind).toEqual({ task1: 12, task2: drawn.length });
    expect(JSON.parse(first.stdout)[0].task2Sample).toEqual({
      design: "uniform",
      items: ITEMS,
      expectedItems: 40,
      drawn: drawn.length,
    });
    const run = await readRun(out);
    expect(run.manifest.parameters.task2Sample).toMatchObject({
      file: "task2-sample.jsonl",
      design: "uniform",
      estimator: "regression",
      budget: "40",
      items: ITEMS,
      drawn: drawn.length,
      seed: 1,
      guide: null,
    });
    expect(new Set(run.task2.map((r) => `${r.country}|${r.topic}|${r.value}`))).toEqual(
      new Set(drawn.map((r) => `${r.country}|${r.topic}|${r.value}`)),
    );
    expect(run.manifest.notes.join("\n")).toMatch(/Task 2 ran on a sample: \d+ of 120 items drawn/);

    // Same seed, larger budget: a superset, and only the new items are requested.
    mock.resetStats();
    const second = await valens(evalArgs("mock-a", out, "--task2-budget", "50%"), env("uniform"));
    expect(second.code).toBe(0);
    const larger = (await readSampleFile(out)) ?? [];
    const key = (r: { country: string; topic: string; value: string }) =>
      `${r.country}|${r.topic}|${r.value}`;
    const before = new Set(drawn.map(key));
    const after = new Set(larger.filter((r) => r.drawn).map(key));
    for (const k of before) expect(after.has(k)).toBe(true);
    expect(after.size).toBeGreaterThan(before.size);
    expect(mock.stats().byPromptKind).toEqual({ task2: after.size - before.size });
  });

  describe("with a guide", () => {
    let guide: string;
    beforeAll(async () => {
      const full = join(dir, "full-a");
      const run = await valens(evalArgs("mock-a", full), env("guide"));
      expect(run.code).toBe(0);
      guide = join(dir, "guide");
      const trained = await valens(
        ["predictor", "train", full, "--task", "gap", "--seed", "1", "--max-epochs", "3", "--out", guide],
        {},
      );
      expect(trained.stderr).not.toMatch(/internal error/);
      expect(trained.code).toBe(0);
    }, 120_000);

    it("risk: inclusion follows the forecast, with a floor; the manifest names the guide", async () => {
      const out = join(dir, "risk");
      const result = await valens(
        evalArgs("mock-b", out, "--task2-budget", "36", "--guide", guide),
        env("risk"),
      );
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.code).toBe(0);
      const sample = (await readSampleFile(out)) ?? [];
      expect(sample).toHaveLength(ITEMS);
      const total = sample.reduce((s, r) => s + r.inclusion, 0);
      expect(total).toBeCloseTo(36, 6);
      for (const r of sample) {
        expect(r.forecast).not.toBeNull();
        expect(r.inclusion).toBeGreaterThan(0);
      }
      const run = await readRun(out);
      expect(run.manifest.parameters.task2Sample).toMatchObject({
        design: "risk",
        floor: 0.2,
        guide: { dir: guide, trainedOn: ["mock-a"], forced: false },
      });

      // valens metrics: whole-grid estimates, labelled, with the drawn items and the forecast apart.
      const json = await valens(["metrics", out, "--json", "--bootstrap", "200"]);
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout);
      const sampled = sample.filter((r) => r.drawn).length;
      expect(report.misalignment.estimated).toEqual({
        sampled,
        items: ITEMS,
        design: "risk",
        estimator: "regression",
      });
      expect(report.misalignment.comparable).toBe(ITEMS);
      expect(report.misalignment.observed.comparable).toBe(sampled);
      expect(report.misalignment.ci95[0]).toBeLessThanOrEqual(report.misalignment.share);
      expect(report.misalignment.ci95[1]).toBeGreaterThanOrEqual(report.misalignment.share);
      expect(report.misalignment.forecastUndrawn.items).toBe(ITEMS - sampled);
      expect(report.alignmentRate.estimated).toMatchObject({ sampled, items: ITEMS, resamples: 200 });
      expect(Object.keys(report.misalignment.estimates.byCountry)).toEqual(GRID.countries);
      const text = await valens(["metrics", out, "--bootstrap", "200"]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(
        `estimated from ${sampled} of 120 items (risk design, regression estimator)`,
      );
      expect(text.stdout).toMatch(/Measured: the \d+ drawn items/);
      expect(text.stdout).toMatch(/Forecast, not measured: the \d+ items without a Task-2 answer/);

      // valens forecast recalibrates on the drawn items, each weighted by 1 / inclusion probability.
      const forecast = await valens(["forecast", guide, out, "--json"]);
      expect(forecast.stderr).not.toMatch(/internal error/);
      expect(forecast.code).toBe(0);
      expect(JSON.parse(forecast.stdout).calibration.items).toBe(sampled);

      // valens report: the estimates, the measured items and the forecast, each apart.
      const html = join(dir, "risk-report.html");
      const reported = await valens(["report", out, "--out", html, "--bootstrap", "100"]);
      expect(reported.stderr).not.toMatch(/internal error/);
      expect(reported.code).toBe(0);
      const page = await readFile(html, "utf8");
      expect(page).toContain(`estimated from ${sampled} of 120 items (risk design, regression estimator)`);
      expect(page).toMatch(/Forecast, not measured: for the \d+ items not drawn, the guide expects/);
      const jsonOut = join(dir, "risk-report.json");
      expect((await valens(["report", out, "--out", jsonOut, "--bootstrap", "0"])).code).toBe(0);
      const data = JSON.parse(await readFile(jsonOut, "utf8"));
      expect(data.models[0].sampled).toMatchObject({ sampled, items: ITEMS, design: "risk" });
      expect(data.models[0].headline.misalignedShare).toBeCloseTo(report.misalignment.share, 9);
    });

    it("refuses a guide trained on the evaluated model unless forced", async () => {
      const refused = await valens(
        evalArgs("mock-a", join(dir, "own"), "--task2-budget", "36", "--guide", guide),
        env("own"),
      );
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/was trained on mock-a itself.*--force-guide/s);
      const forced = await valens(
        evalArgs("mock-a", join(dir, "own"), "--task2-budget", "36", "--guide", guide, "--force-guide"),
        env("own"),
      );
      expect(forced.code).toBe(0);
      const run = await readRun(join(dir, "own"));
      expect(run.manifest.parameters.task2Sample).toMatchObject({ guide: { forced: true } });
    });

    it("refuses a guide of another format version, or of the choice task", async () => {
      const old = join(dir, "guide-v0");
      await cp(guide, old, { recursive: true });
      const card = JSON.parse(await readFile(join(old, "card.json"), "utf8"));
      await writeFile(join(old, "card.json"), JSON.stringify({ ...card, formatVersion: 0 }));
      const version = await valens(
        evalArgs("mock-b", join(dir, "v0"), "--task2-budget", "36", "--guide", old),
        env("v0"),
      );
      expect(version.code).toBe(2);
      expect(version.stderr).toMatch(/format version 0/);

      const choice = join(dir, "choice");
      const trained = await valens([
        "predictor",
        "train",
        join(dir, "full-a"),
        "--task",
        "choice",
        "--features",
        "action",
        "--max-epochs",
        "1",
        "--out",
        choice,
      ]);
      expect(trained.code).toBe(0);
      const wrong = await valens(
        evalArgs("mock-b", join(dir, "wrong"), "--task2-budget", "36", "--guide", choice),
        env("wrong"),
      );
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/is a choice predictor; a guide must forecast gaps/);
    }, 120_000);
  });

  it("Task 1 with no readable rating: one line, exit 2, and no run written", async () => {
    // Answers cut to one token: no Task-1 rating can be read.
    mock.resetStats();
    const out = join(dir, "no-task1");
    const result = await valens(
      evalArgs("mock-a", out, "--task2-budget", "40", "--max-tokens", "1"),
      env("no-task1"),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Task 1 rated none of the planned items, so no Task-2 sample can be drawn/);
    expect(mock.stats().byPromptKind).toEqual({ task1: 12 });
    await expect(readRun(out)).rejects.toThrow();
  });

  it.each([
    [["--task2-budget", "500"], /larger than the grid \(120 items/],
    [["--task2-budget", "10"], /fewer than the 30 an interval needs/],
    [["--task2-budget", "lots"], /neither a number of items nor a percentage/],
    [["--task2-budget", "40", "--tasks", "2"], /needs Task 1 in the same run/],
    [["--task2-budget", "40", "--design", "risk"], /--design risk needs a --guide/],
    [["--task2-budget", "40", "--design", "stratified"], /is not a sample design/],
    [["--guide", "somewhere"], /--guide only applies with --task2-budget/],
  ])("bad input %j: one line, exit 2, no request sent", async (flags, message) => {
    mock.resetStats();
    const result = await valens(evalArgs("mock-a", join(dir, "bad"), ...flags), env("bad"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    expect(mock.stats().byPromptKind).toEqual({});
  });
});
