import { execFile } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { writeRun } from "@valens/core";
import { syntheticRun } from "@valens/report/test";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkReport, hasChromium, launchChromium } from "./helpers/browser.js";

const run = promisify(execFile);
const valensBin = fileURLToPath(new URL("../apps/cli/bin/valens.js", import.meta.url));
const outDir = fileURLToPath(new URL("./out/report-browser", import.meta.url));

describe.skipIf(!hasChromium())("the HTML report in headless Chromium", () => {
  let browser: Browser;
  const report = join(outDir, "report.html");

  beforeAll(async () => {
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    const runs = [
      syntheticRun({ model: "model-a", countries: 12, topics: 11, flip: 0.1 }),
      syntheticRun({ model: "model-b", countries: 12, topics: 11, flip: 0.3, seed: 11 }),
      syntheticRun({ model: "model-c", countries: 12, topics: 11, task2: false, seed: 5 }),
    ];
    for (const r of runs) await writeRun(join(outDir, r.manifest.model.name), r);
    await run(process.execPath, [
      valensBin,
      "report",
      ...runs.map((r) => join(outDir, r.manifest.model.name)),
      "--out",
      report,
      "--bootstrap",
      "200",
    ]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("loads with no console errors and no network requests, and every chart has drawn marks", async () => {
    const html = await readFile(report, "utf8");
    const check = await checkReport(browser, report);
    expect(check.consoleErrors).toEqual([]);
    expect(check.requests).toEqual([]);
    // Three models: comparison (alignment, stated agreement, stated heatmap, by country and
    // topic), per full model 2 bar charts + 2 heatmaps and its prompt-robustness chart (two
    // task-1 variants), the task-1-only model's heatmap.
    expect(check.charts.length).toBe(5 + 2 * (4 + 1) + 1);
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(check.charts.length);
    for (const chart of check.charts) {
      expect(chart.marks, `${chart.id} has no drawn marks`).toBeGreaterThan(0);
      expect(chart.width, `${chart.id} has no width`).toBeGreaterThan(100);
    }
    // The 12 x 56 heatmap draws one rect per cell.
    const heatmap = check.charts.find((c) => c.id === "fig-model-a-distance-country-value");
    expect(heatmap?.marks).toBeGreaterThanOrEqual(12 * 56);
  });
});
