import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { readRun } from "@valens/core";
import { reportDataSchema } from "@valens/report";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkReport, hasChromium, launchChromium } from "./helpers/browser.js";

const run = promisify(execFile);
const valensBin = fileURLToPath(new URL("../apps/cli/bin/valens.js", import.meta.url));
const outDir = fileURLToPath(new URL("./out/demo", import.meta.url));

interface DemoSummary {
  out: string;
  dataset: string;
  runs: { model: string; dir: string }[];
  report: { out: string; csvDir: string; charts: number; tables: number };
  json: string;
  steps: { step: string; ms: number; detail: string }[];
  requests: number;
  ms: number;
}

describe("valens demo", () => {
  let summary: DemoSummary;
  let stderr: string;

  beforeAll(async () => {
    await rm(outDir, { recursive: true, force: true });
    // No API key and no provider settings: the demo must not need them.
    const env = { ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "" };
    const result = await run(process.execPath, [valensBin, "demo", "--out", outDir, "--json"], { env });
    summary = JSON.parse(result.stdout);
    stderr = result.stderr;
  }, 120_000);
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("generates a dataset, evaluates two models with all variants, and reports them", async () => {
    expect(stderr).not.toMatch(/error/i);
    expect(summary.runs.map((r) => r.model)).toEqual(["mock-model-a", "mock-model-b"]);
    const dataset = (await readFile(summary.dataset, "utf8")).trim().split("\n");
    expect(dataset).toHaveLength(2 * 2 * 56 * 2);
    for (const r of summary.runs) {
      const loaded = await readRun(r.dir);
      expect(loaded.manifest.tasks.task1?.variants).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(loaded.manifest.tasks.task2?.variants).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(loaded.task2).toHaveLength(2 * 2 * 56 * 8);
      expect(loaded.manifest.source.type).toBe("live");
    }
    expect(summary.requests).toBe(448 + 2 * (2 * 2 * 8 + 2 * 2 * 56 * 8));
    const data = reportDataSchema.parse(JSON.parse(await readFile(summary.json, "utf8")));
    const [a, b] = data.models;
    // The two seeded personas differ, and both act against their stated values sometimes.
    expect(a?.headline.alignmentRate).not.toBe(b?.headline.alignmentRate);
    for (const m of data.models) {
      expect(m.headline.misaligned).toBeGreaterThan(0);
      expect(m.headline.coverage).toBe(1);
      expect(m.examples.length).toBeGreaterThan(0);
    }
    expect(summary.steps.map((s) => s.step[0])).toEqual(["1", "2", "3", "4", "5", "6"]);
    // The predictor was trained on model A, evaluated against baselines, and forecasts model B.
    const evaluation = data.predictor?.evaluation;
    expect(evaluation?.scores[0]?.isBaseline).toBe(false);
    expect(evaluation?.scores.filter((s) => s.isBaseline).length).toBeGreaterThan(0);
    expect(data.predictor?.forecast?.model).toBe("mock-model-b");
    expect(data.predictor?.forecast?.items).toHaveLength(2 * 2 * 56);
  });

  it("leaves a predictor that valens report --predictor reads", async () => {
    const out = join(outDir, "with-predictor.json");
    await run(process.execPath, [
      valensBin,
      "report",
      summary.runs[1]?.dir ?? "",
      "--predictor",
      join(outDir, "predictor"),
      "--out",
      out,
      "--bootstrap",
      "0",
    ]);
    const data = reportDataSchema.parse(JSON.parse(await readFile(out, "utf8")));
    expect(data.predictor?.evaluation?.predictor.name).toBe("predictor");
    const observed = data.predictor?.forecast?.items.filter((i) => i.observed !== null) ?? [];
    expect(observed).toHaveLength(2 * 2 * 56);
  });

  it.skipIf(!hasChromium())("writes a report that opens offline with every chart drawn", async () => {
    const browser = await launchChromium();
    try {
      const check = await checkReport(browser, summary.report.out);
      expect(check.consoleErrors).toEqual([]);
      expect(check.requests).toEqual([]);
      expect(check.charts.length).toBe(summary.report.charts);
      for (const chart of check.charts) expect(chart.marks, chart.id).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });

  it("refuses to overwrite a non-empty directory without --force", async () => {
    const error = await run(process.execPath, [valensBin, "demo", "--out", outDir]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toMatch(/already exists and is not empty.*--force/);
  });
});
