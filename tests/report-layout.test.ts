import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { writeRun } from "@valens/core";
import { syntheticRun } from "@valens/report/test";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "./helpers/browser.js";
import { measureLayout, type PageLayout } from "./helpers/layout.js";
import { valensBin } from "./helpers/valens.js";

const run = promisify(execFile);
const outDir = fileURLToPath(new URL("./out/report-layout", import.meta.url));
const widths = [1280, 1920];

describe.skipIf(!hasChromium())("the report's layout in Chromium at 1,280 and 1,920 px", () => {
  let browser: Browser;
  const reports: Record<string, string> = {};
  const measured: Record<string, PageLayout[]> = {};

  beforeAll(async () => {
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    // The study's full grid (12 countries x 11 topics x 56 values): the widest heatmaps.
    const runs = [
      syntheticRun({ model: "model-a", countries: 12, topics: 11, flip: 0.1 }),
      syntheticRun({ model: "model-b", countries: 12, topics: 11, flip: 0.3, seed: 11 }),
    ];
    for (const r of runs) await writeRun(join(outDir, r.manifest.model.name), r);
    reports.grid = join(outDir, "grid.html");
    await run(process.execPath, [
      valensBin,
      "report",
      ...runs.map((r) => join(outDir, r.manifest.model.name)),
      "--out",
      reports.grid,
      "--bootstrap",
      "100",
      "--no-csv",
    ]);
    // The demo's report: a predictor that loses to a baseline, a forecast, short heatmaps.
    await run(process.execPath, [valensBin, "demo", "--out", join(outDir, "demo"), "--force", "--json"]);
    reports.demo = join(outDir, "demo", "report.html");
    browser = await launchChromium();
    for (const [name, file] of Object.entries(reports))
      measured[name] = await Promise.all(widths.map((w) => measureLayout(browser, file, w)));
    // The widths, for the record (the closing note quotes them).
    await writeFile(
      join(outDir, "widths.json"),
      `${JSON.stringify(
        Object.fromEntries(
          Object.entries(measured).map(([name, layouts]) => [
            name,
            layouts.map((l) => ({
              viewport: l.viewport,
              pageOverflow: l.pageOverflow,
              widestChart: Math.round(Math.max(...l.charts.map((c) => c.svgWidth))),
              plotWidth: Math.round(Math.min(...l.charts.map((c) => c.plotWidth))),
              charts: Object.fromEntries(l.charts.map((c) => [c.id, Math.round(c.svgWidth)])),
            })),
          ]),
        ),
        null,
        2,
      )}\n`,
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  const cases = ["grid", "demo"].flatMap((name) => widths.map((w, i) => [name, w, i] as const));

  it.each(cases)("%s report at %i px: no sideways scroll, every chart fits its box", (name, _w, i) => {
    const layout = measured[name]?.[i] as PageLayout;
    expect(layout.charts.length).toBeGreaterThan(4);
    expect(layout.pageOverflow).toBe(0);
    const tooWide = layout.charts.filter((c) => c.overflow > 0 || c.svgWidth > c.plotWidth + 0.5);
    expect(tooWide.map((c) => `${c.id}: ${Math.round(c.svgWidth)} px in ${c.plotWidth} px`)).toEqual([]);
  });

  it.each(cases)("%s report at %i px: no overlapping, truncated or crossed text", (name, _w, i) => {
    const layout = measured[name]?.[i] as PageLayout;
    expect(layout.charts.flatMap((c) => c.overlaps.map((o) => `${c.id}: ${o}`))).toEqual([]);
    expect(layout.charts.flatMap((c) => c.truncated.map((t) => `${c.id}: ${t}`))).toEqual([]);
    expect(layout.charts.flatMap((c) => c.crossedByRule.map((t) => `${c.id}: ${t}`))).toEqual([]);
  });

  it("measures the charts that were too wide or cluttered before", () => {
    const grid = measured.grid?.[0] as PageLayout;
    const topicHeatmap = grid.charts.find((c) => c.id === "fig-model-a-distance-topic-value");
    expect(topicHeatmap?.svgWidth).toBeGreaterThan(600);
    const demo = measured.demo?.[0] as PageLayout;
    // The single-model bars carry their figures and the dashed overall line.
    const bars = demo.charts.find((c) => c.id === "fig-mock-model-a-alignment-by-country");
    expect(bars).toBeDefined();
    expect(demo.charts.some((c) => c.id === "fig-predictor-evaluation")).toBe(true);
  });
});
