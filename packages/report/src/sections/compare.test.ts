import { compareInputs, compareRuns } from "@valens/metrics";
import { describe, expect, it } from "vitest";
import { buildReportData } from "../build-report-data.js";
import { renderSvg } from "../charts/render-svg.js";
import { displayPath } from "../display-path.js";
import { buildDocument } from "../document.js";
import { reportDataSchema } from "../report-data.js";
import { syntheticRun } from "../test/synthetic-run.js";

const a = syntheticRun({ model: "model-a", countries: 3, topics: 2, flip: 0.1 });
const b = syntheticRun({ model: "model-b", countries: 3, topics: 2, flip: 0.45, seed: 9 });
const t1 = syntheticRun({ model: "t1-model", countries: 3, topics: 2, task2: false, seed: 4 });

describe("the report's paired tests", () => {
  it("carries valens compare's figures and draws them as a forest plot with its table", async () => {
    const data = buildReportData([a, b], { bootstrap: 200, createdAt: "2026-01-01T00:00:00Z" });
    expect(reportDataSchema.parse(data)).toEqual(data);
    // The report names run directories as displayPath does (never absolute).
    const shown = [a, b].map((run) => ({ ...run, dir: displayPath(run.dir) }));
    expect(data.comparison).toEqual(compareRuns(compareInputs(shown), { resamples: 200 }));
    const section = buildDocument(data).sections.find((s) => s.id === "paired-tests");
    const figure = section?.blocks.find((block) => block.kind === "figure");
    if (figure?.kind !== "figure") throw new Error("no forest plot");
    const pair = data.comparison?.pairs[0];
    const groups =
      1 + (pair?.byCountry.length ?? 0) + (pair?.byTopic.length ?? 0) + (pair?.byValue.length ?? 0);
    expect(figure.table.rows).toHaveLength(groups);
    expect(figure.table.rows[0]).toMatchObject({ a: "model-a", b: "model-b", kind: "overall" });
    const svg = await renderSvg(figure.spec, figure.title);
    expect(svg).toContain("misaligned share");
    // The page is 1,280 px wide.
    const width = Number(/<svg[^>]*width="([\d.]+)"/.exec(svg)?.[1]);
    expect(width).toBeGreaterThan(0);
    expect(width).toBeLessThanOrEqual(1200);
  });

  it("numbers the runs when several pairs share the plot", () => {
    const c = syntheticRun({ model: "model-c", countries: 3, topics: 2, flip: 0.3, seed: 5 });
    const data = buildReportData([a, b, c], { bootstrap: 0 });
    expect(data.comparison?.pairs).toHaveLength(3);
    const figure = buildDocument(data)
      .sections.find((s) => s.id === "paired-tests")
      ?.blocks.find((block) => block.kind === "figure");
    if (figure?.kind !== "figure") throw new Error("no forest plot");
    expect(figure.caption).toContain("Runs: 1 = model-a, 2 = model-b, 3 = model-c.");
    const values = (figure.spec as { data: { values: { label: string }[] } }).data.values;
    expect(values.some((d) => d.label === "2→3 · overall")).toBe(true);
    expect(figure.table.rows).toHaveLength(3 * (1 + 3 + 2 + 56));
  });

  it("has no paired tests for one run, and says why when runs cannot be paired", () => {
    expect(buildReportData([a], { bootstrap: 0 }).comparison).toBeUndefined();
    const data = buildReportData([a, t1], { bootstrap: 0 });
    expect(data.comparison).toBeNull();
    expect(data.comparisonNote).toContain("has no item with both a stated rating and a Task-2 choice");
    expect(buildDocument(data).sections.some((s) => s.id === "paired-tests")).toBe(false);
  });
});

describe("the report's prompt robustness section", () => {
  it("draws the measures per variant of each task in one chart, the numbers in a table under it", async () => {
    const data = buildReportData([a], { bootstrap: 100 });
    const robustness = data.models[0]?.robustness;
    expect(robustness?.task1Variants).toEqual([0, 1]);
    const section = buildDocument(data).sections.find((s) => s.id === "model-a-robustness");
    const figures = section?.blocks.filter((block) => block.kind === "figure") ?? [];
    expect(figures).toHaveLength(1);
    const figure = figures[0];
    if (figure?.kind !== "figure") throw new Error("no chart");
    expect(figure.table.rows).toHaveLength(
      (robustness?.byTask1Variant.length ?? 0) + (robustness?.byTask2Variant.length ?? 0),
    );
    expect(figure.table.rows[0]).toMatchObject({ task: 2 });
    const svg = await renderSvg(figure.spec, figure.title);
    expect(svg).toContain("Task 1 · variant 1");
    expect(Number(/<svg[^>]*width="([\d.]+)"/.exec(svg)?.[1])).toBeLessThanOrEqual(1200);
    // A task-1-only run has no robustness section.
    expect(buildReportData([t1], { bootstrap: 0 }).models[0]?.robustness).toBeNull();
  });
});
