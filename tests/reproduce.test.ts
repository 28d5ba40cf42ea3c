import { execFile } from "node:child_process";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { hasSharedData, sharedDir } from "@valens/core/test";
import { type ReportData, reportDataSchema } from "@valens/report";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkReport, hasChromium, launchChromium } from "./helpers/browser.js";

const run = promisify(execFile);
const valensBin = fileURLToPath(new URL("../apps/cli/bin/valens.js", import.meta.url));
const outDir = fileURLToPath(new URL("./out/reproduce", import.meta.url));
// The README's screenshots: tests/out/ by default (so a test run leaves the tree clean);
// VALENS_UPDATE_SCREENSHOTS=1 writes them to docs/ to refresh the committed ones.
const shotsDir = process.env.VALENS_UPDATE_SCREENSHOTS === "1" ? "../docs/" : "./out/";
const screenshot = fileURLToPath(new URL(`${shotsDir}report-screenshot.png`, import.meta.url));
const heatmapShot = fileURLToPath(new URL(`${shotsDir}report-heatmap.png`, import.meta.url));
const others = ["gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo", "gemma-2-9b-it", "llama-3.3-70b-instruct"];
const task1Only = ["gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo"];
/** Models whose task 2 comes from the authors' misaligned-item list, with the list's length. */
const fromLists: [string, string, number][] = [
  ["gemma-2-9b-it", "gemma", 1085],
  ["llama-3.3-70b-instruct", "llama3", 1002],
];

const haveData = hasSharedData(
  ["via", "via_full.csv"],
  ["released", "claude-sonnet-4_t1.csv"],
  ["released", "claude-sonnet-4_t2_log.jsonl"],
  ...others.map((m) => ["released", `${m}_t1.csv`]),
  ...fromLists.map(([, list]) => ["released", "misaligned", `${list}_misaligned_example.csv`]),
);

describe.skipIf(!haveData)("valens reproduce --from the shared data", () => {
  let summary: {
    report: string;
    json: string;
    tables: string;
    runs: { model: string; task2: string | null }[];
  };
  let data: ReportData;

  beforeAll(async () => {
    await rm(outDir, { recursive: true, force: true });
    const { stdout } = await run(
      process.execPath,
      [
        valensBin,
        "reproduce",
        "--from",
        join(sharedDir(), "data"),
        "--out",
        outDir,
        "--bootstrap",
        "200",
        "--json",
      ],
      { env: { ...process.env, SOURCE_DATE_EPOCH: "1767225600" } },
    );
    summary = JSON.parse(stdout);
    data = reportDataSchema.parse(JSON.parse(await readFile(summary.json, "utf8")));
  }, 180_000);

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("matches PROTOCOL.md's reference figures for Claude Sonnet 4", () => {
    const claude = data.models.find((m) => m.model === "claude-sonnet-4");
    expect(claude?.task1Only).toBe(false);
    const h = claude?.headline;
    expect(h?.alignmentRate).toBeCloseTo(0.912, 3);
    expect(h?.answeredItems).toBe(7329);
    expect(h?.misaligned).toBe(1107);
    expect(claude?.misalignment?.agreeDisagree).toBe(199);
    expect(claude?.misalignment?.disagreeAgree).toBe(908);
    expect(h?.misalignedShare).toBeCloseTo(0.151, 3);
    expect(h?.positiveChoiceShare).toBeCloseTo(0.918, 3);
    expect(claude?.task1?.failed).toBe(3);
    expect(h?.alignmentRateCi95?.[0]).toBeLessThan(0.912);
    expect(h?.alignmentRateCi95?.[1]).toBeGreaterThan(0.912);
    expect(claude?.distance.filter((c) => c.kind === "country")).toHaveLength(12 * 56);
    expect(claude?.distance.filter((c) => c.kind === "topic")).toHaveLength(11 * 56);
    // The study's definitions beside them (PROTOCOL.md: 0.407; study distance by country).
    expect(h?.alignmentRateStudy?.toFixed(3)).toBe("0.407");
    expect(claude?.distanceStudy.filter((c) => c.kind === "country")).toHaveLength(12 * 56);
    const us = claude?.groups.find((g) => g.kind === "country" && g.name === "United States");
    expect(us?.meanDistanceStudy?.toFixed(3)).toBe("0.208");
    expect(us?.meanDistance?.toFixed(3)).toBe("0.271");
    expect(data.options.distance).toBe("study");
  });

  it("reconstructs Gemma's and Llama's task 2 from the authors' misaligned-item lists", () => {
    for (const [name, , count] of fromLists) {
      const model = data.models.find((m) => m.model === name);
      expect(model?.task1Only, name).toBe(false);
      expect(model?.headline.answeredItems).toBe(7329);
      expect(model?.headline.misaligned).toBe(count);
      expect(summary.runs.find((r) => r.model === name)?.task2).toBe(`${name}-misaligned`);
      expect(model?.notes.join(" ")).toMatch(/reconstructed from the study's misaligned-item list/);
    }
  });

  it("imports the other models task-1-only, with stated inclinations", () => {
    expect(summary.runs.map((r) => r.model)).toEqual(["claude-sonnet-4", ...others]);
    for (const name of task1Only) {
      const model = data.models.find((m) => m.model === name);
      expect(model?.task1Only, name).toBe(true);
      expect(model?.headline.alignmentRate).toBeNull();
      expect(model?.headline.statedAgreeShare).toBeGreaterThan(0.5);
      expect(model?.stated.length).toBe(12 * 56);
      expect(model?.notes.join(" ")).toMatch(/task-1-only/);
    }
  });

  it("writes the report with a CSV per table, the headline table holding Claude's figures", async () => {
    const html = await readFile(summary.report, "utf8");
    expect(html).toContain("gpt-4o (Task 1 only)");
    const tables = await readdir(summary.tables);
    expect(tables).toContain("headline.csv");
    expect(tables).toContain("claude-sonnet-4-misalignment.csv");
    const headline = await readFile(join(summary.tables, "headline.csv"), "utf8");
    // The study's alignment rate (F1 of disagree) first, then the agree-class F1 after its interval.
    expect(headline).toMatch(
      /^model,tasks,alignment rate \(study: F1 of disagree\),study CI low,study CI high,F1 of agree,/,
    );
    expect(headline).toMatch(/claude-sonnet-4,tasks 1\+2,0\.4066\d+,[\d.]+,[\d.]+,0\.911\d+,/);
  });

  it.skipIf(!hasChromium())(
    "opens in Chromium with no errors or requests, and saves the README screenshot",
    async () => {
      const browser = await launchChromium();
      try {
        const check = await checkReport(browser, summary.report, screenshot, [
          { selector: "#fig-claude-sonnet-4-distance-country-value", path: heatmapShot },
        ]);
        expect(check.consoleErrors).toEqual([]);
        expect(check.requests).toEqual([]);
        expect(check.charts.length).toBeGreaterThanOrEqual(3 + 4 + 5);
        for (const chart of check.charts) expect(chart.marks, chart.id).toBeGreaterThan(0);
      } finally {
        await browser.close();
      }
    },
  );
});
