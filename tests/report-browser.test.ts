import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { writeRun } from "@valens/core";
import { syntheticRun } from "@valens/report/test";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const valensBin = fileURLToPath(new URL("../apps/cli/bin/valens.js", import.meta.url));
const outDir = fileURLToPath(new URL("./out/report-browser", import.meta.url));
const screenshot = fileURLToPath(new URL("../docs/report-screenshot.png", import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
if (!hasChromium)
  console.warn(`Skipping the report browser test: no Chromium at ${chromiumPath} (apt-get install chromium)`);

/**
 * Networking off: every proxied request goes to a closed port, loopback is not exempt, and the
 * background services that phone home are disabled. The page must not even try, which the
 * request log checks.
 */
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--proxy-server=127.0.0.1:9",
  "--proxy-bypass-list=<-loopback>",
];

export interface PageCheck {
  consoleErrors: string[];
  requests: string[];
  charts: { id: string; marks: number; width: number; height: number }[];
}

/** Opens a report from disk and reports console errors, requests other than the page, chart marks. */
export async function checkReport(browser: Browser, file: string, screenshotTo?: string): Promise<PageCheck> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const pageUrl = pathToFileURL(file).href;
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  page.on("request", (request) => {
    if (request.url() !== pageUrl) requests.push(request.url());
  });
  await page.goto(pageUrl, { waitUntil: "load" });
  const charts = await page.$$eval("figure.chart", (figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector(".plot svg");
      // Vega puts data marks in groups with role-mark (axes, legends and titles have other roles).
      const marks = svg
        ? svg.querySelectorAll("g.role-mark > path, g.role-mark > line, g.role-mark > text")
        : [];
      let drawn = 0;
      for (const mark of Array.from(marks)) {
        const box = (mark as SVGGraphicsElement).getBBox();
        if (box.width > 0 || box.height > 0) drawn++;
      }
      const rect = svg?.getBoundingClientRect();
      return { id: figure.id, marks: drawn, width: rect?.width ?? 0, height: rect?.height ?? 0 };
    }),
  );
  if (screenshotTo) {
    await mkdir(join(screenshotTo, ".."), { recursive: true });
    await page.screenshot({ path: screenshotTo, fullPage: false });
  }
  await page.close();
  return { consoleErrors, requests, charts };
}

describe.skipIf(!hasChromium)("the HTML report in headless Chromium", () => {
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
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("loads with no console errors and no network requests, and every chart has drawn marks", async () => {
    const html = await readFile(report, "utf8");
    const check = await checkReport(browser, report, screenshot);
    expect(check.consoleErrors).toEqual([]);
    expect(check.requests).toEqual([]);
    // Three models: comparison (alignment, stated agreement, stated heatmap, by country and
    // topic), per full model 2 bar charts + 2 heatmaps, the task-1-only model's heatmap.
    expect(check.charts.length).toBe(5 + 2 * 4 + 1);
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(check.charts.length);
    for (const chart of check.charts) {
      expect(chart.marks, `${chart.id} has no drawn marks`).toBeGreaterThan(0);
      expect(chart.width, `${chart.id} has no width`).toBeGreaterThan(100);
    }
    // The 12 x 56 heatmap draws one rect per cell.
    const heatmap = check.charts.find((c) => c.id === "fig-model-a-distance-country-value");
    expect(heatmap?.marks).toBeGreaterThanOrEqual(12 * 56);
    expect(existsSync(screenshot)).toBe(true);
  });
});
