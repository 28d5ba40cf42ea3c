import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeMetrics } from "@valens/metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReportData } from "./build-report-data.js";
import { externalReferences } from "./charts/render-svg.js";
import { buildDocument, documentTables } from "./document.js";
import { reportDataSchema } from "./report-data.js";
import { syntheticRun } from "./test/synthetic-run.js";
import { writeReport } from "./write-report.js";

const full = syntheticRun({ model: "full-model", countries: 3, topics: 2, flip: 0.2 });
const other = syntheticRun({
  model: "other-model",
  countries: 3,
  topics: 2,
  flip: 0.4,
  seed: 9,
  unanswered: 0.1,
});
const task1Only = syntheticRun({ model: "t1-model", countries: 3, topics: 2, task2: false, seed: 4 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "valens-report-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("buildReportData", () => {
  it("carries the measures of @valens/metrics into the headline figures", () => {
    const data = buildReportData([full], { bootstrap: 100 });
    const metrics = computeMetrics(full, { bootstrap: 100 });
    const h = data.models[0]?.headline;
    expect(h?.alignmentRate).toBe(metrics.alignmentRate?.f1);
    expect(h?.alignmentRateCi95).toEqual(metrics.alignmentRate?.ci95);
    expect(h?.misaligned).toBe(metrics.misalignment?.misaligned);
    expect(h?.misalignedShare).toBe(metrics.misalignment?.share);
    expect(h?.coverage).toBe(1);
    expect(h?.scenarios).toBe(6);
    expect(reportDataSchema.parse(data)).toEqual(data);
  });

  it("counts the positive-choice share and coverage from Task-2 answers", () => {
    const data = buildReportData([other], { bootstrap: 0 });
    const answered = other.task2.filter((r) => r.chosen !== null);
    const h = data.models[0]?.headline;
    expect(h?.positiveChoiceShare).toBeCloseTo(
      answered.filter((r) => r.chosen === "positive").length / answered.length,
      12,
    );
    expect(h?.answeredItems).toBe(new Set(answered.map((r) => `${r.country}|${r.topic}|${r.value}`)).size);
    expect(h?.coverage).toBeLessThan(1);
    expect(h?.alignmentRateCi95).toBeNull();
  });

  it("fills the country x value and topic x value matrices and the top-k rankings", () => {
    const data = buildReportData([full], { bootstrap: 0, topK: 3 });
    const model = data.models[0];
    expect(model?.distance.filter((c) => c.kind === "country")).toHaveLength(3 * 56);
    expect(model?.distance.filter((c) => c.kind === "topic")).toHaveLength(2 * 56);
    const ranked =
      model?.topMisaligned.filter((r) => r.kind === "country" && r.group === "United States") ?? [];
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(ranked[0]?.distance).toBeGreaterThanOrEqual(ranked[2]?.distance ?? 1);
  });

  it("picks misaligned examples with both action texts, the chosen one matching the acted stance", () => {
    const data = buildReportData([full], { bootstrap: 0, examples: 5 });
    const examples = data.models[0]?.examples ?? [];
    expect(examples).toHaveLength(5);
    for (const e of examples) {
      expect(e.statedStance).not.toBe(e.actedStance);
      expect(e.chosenPolarity).toBe(e.actedStance === "agree" ? "positive" : "negative");
      expect(e.chosenAction).toContain(e.chosenPolarity === "positive" ? "act on" : "set aside");
      expect(e.otherAction).toContain(e.chosenPolarity === "positive" ? "set aside" : "act on");
    }
    expect(new Set(examples.map((e) => e.value)).size).toBe(5);
  });

  it("gives a task-1-only run stated inclinations and no alignment figures", () => {
    const data = buildReportData([task1Only], { bootstrap: 0 });
    const model = data.models[0];
    expect(model?.task1Only).toBe(true);
    expect(model?.headline.alignmentRate).toBeNull();
    expect(model?.headline.statedAgreeShare).toBeGreaterThan(0.5);
    expect(model?.stated).toHaveLength(3 * 56);
    expect(model?.examples).toEqual([]);
  });

  it("draws no empty chart for a run with Task 2 but nothing to compare", () => {
    const noStated = { ...syntheticRun({ model: "no-task1", countries: 2, topics: 1 }), task1: [] };
    const document = buildDocument(buildReportData([noStated, full], { bootstrap: 0 }));
    const section = document.sections.find((s) => s.id === "model-no-task1");
    expect(section?.title).toBe("no-task1 (nothing to compare)");
    for (const block of document.sections.flatMap((s) => s.blocks)) {
      if (block.kind === "figure") expect(block.table.rows.length, block.id).toBeGreaterThan(0);
    }
    const comparison = document.sections.find((s) => s.id === "comparison");
    const rates = comparison?.blocks.find((b) => b.kind === "figure" && b.id === "comparison-alignment-rate");
    expect(rates?.kind === "figure" && rates.table.rows.map((r) => r.model)).toEqual(["full-model"]);
  });

  it("tells two runs of the same model apart", () => {
    const a = { ...full, dir: "/runs/a" };
    const b = { ...full, dir: "/runs/b" };
    expect(buildReportData([a, b], { bootstrap: 0 }).models.map((m) => m.id)).toEqual([
      "full-model (a)",
      "full-model (b)",
    ]);
  });
});

describe("the report document", () => {
  it("pairs every chart with a table and gives every table a unique id", () => {
    const document = buildDocument(buildReportData([full, other, task1Only], { bootstrap: 0 }));
    const tables = documentTables(document);
    expect(new Set(tables.map((t) => t.id)).size).toBe(tables.length);
    const figures = document.sections.flatMap((s) => s.blocks).filter((b) => b.kind === "figure");
    // comparison: 5 (2 full models), per full model 4 and its prompt-robustness chart, task-1-only 1
    expect(figures).toHaveLength(5 + (4 + 1) * 2 + 1);
    for (const f of figures) expect(f.table.rows.length).toBeGreaterThan(0);
    expect(document.sections.map((s) => s.id)).toContain("comparison");
  });
});

describe("the predictor section", () => {
  const predictor = {
    evaluation: {
      predictor: { name: "p", target: "gaps", features: ["action"] },
      testSet: { size: 200, description: "random 25%" },
      scores: [
        { name: "p", isBaseline: false, f1: 0.6, accuracy: 0.8, precision: 0.5, recall: 0.75, auroc: 0.85 },
        {
          name: "baseline: stated-score",
          isBaseline: true,
          f1: 0.5,
          accuracy: 0.7,
          precision: null,
          recall: null,
          auroc: null,
        },
      ],
      confusion: { tp: 30, fp: 30, fn: 10, tn: 130 },
    },
    forecast: {
      model: "other-model",
      predictor: "p",
      threshold: 0.4,
      items: [
        { country: "India", topic: "Politics", value: "Wealth", probability: 0.9, observed: true },
        { country: "India", topic: "Politics", value: "Honest", probability: 0.1, observed: false },
        { country: "Canada", topic: "Politics", value: "Wealth", probability: 0.5, observed: null },
      ],
    },
  };

  it("shows the evaluation against baselines and the forecast, each chart with its numbers", () => {
    const document = buildDocument(buildReportData([full], { bootstrap: 0, predictor }));
    const section = document.sections.find((s) => s.id === "predictor");
    const figures = section?.blocks.filter((b) => b.kind === "figure") ?? [];
    expect(figures.map((f) => f.id)).toEqual([
      "predictor-evaluation",
      "forecast-distribution",
      "forecast-by-country",
    ]);
    const byCountry = figures[2]?.table.rows;
    expect(byCountry).toEqual([
      { country: "India", items: 2, meanProbability: 0.5, predictedShare: 0.5, observedShare: 0.5 },
      { country: "Canada", items: 1, meanProbability: 0.5, predictedShare: 1, observedShare: null },
    ]);
    const histogram = figures[1]?.table.rows ?? [];
    expect(histogram.reduce((n, r) => n + Number(r.items), 0)).toBe(3);
    const text = section?.blocks.find((b) => b.kind === "text" && b.text.startsWith("Forecast"));
    expect(text?.kind === "text" && text.text).toContain("expected misaligned share 50.0%");
  });

  it("rejects predictor inputs outside their ranges", () => {
    const bad = { ...predictor, forecast: { ...predictor.forecast, threshold: 2 } };
    expect(() => reportDataSchema.parse(buildReportData([full], { bootstrap: 0, predictor: bad }))).toThrow();
  });
});

describe("writeReport", () => {
  it("writes a self-contained HTML file and one CSV per table", async () => {
    const data = buildReportData([full, task1Only], { bootstrap: 50 });
    const out = join(dir, "r.html");
    const written = await writeReport(data, { out, format: "html", csvDir: join(dir, "r-tables") });
    const html = await readFile(out, "utf8");
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<link|@import|url\((?!#)/i);
    expect((html.match(/<svg/g) ?? []).length).toBe(written.charts);
    const csvs = await readdir(join(dir, "r-tables"));
    expect(csvs).toHaveLength(written.tables);
    const headline = await readFile(join(dir, "r-tables", "headline.csv"), "utf8");
    expect(headline.split("\n")[0]).toContain("alignment rate");
    expect(headline).toContain("full-model");
    expect((await readdir(dir)).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("writes the report data as JSON that validates against its schema", async () => {
    const data = buildReportData([full], { bootstrap: 0 });
    const out = join(dir, "r.json");
    await writeReport(data, { out, format: "json", csvDir: null });
    const parsed = reportDataSchema.parse(JSON.parse(await readFile(out, "utf8")));
    expect(parsed.models[0]?.headline.alignmentRate).toBe(data.models[0]?.headline.alignmentRate);
  });

  it("keeps the previous report when writing fails, and leaves no temporary file", async () => {
    const out = join(dir, "keep.html");
    await writeFile(out, "previous");
    const data = buildReportData([full], { bootstrap: 0 });
    const broken = { ...data, models: [{ ...data.models[0], distance: [{ kind: "country", row: "x" }] }] };
    await expect(writeReport(broken as never, { out, format: "html", csvDir: null })).rejects.toThrow(
      /report data is invalid: models\.0\.distance\.0\.value/,
    );
    expect(await readFile(out, "utf8")).toBe("previous");
    // A directory as --out is refused before anything is written.
    await expect(writeReport(data, { out: dir, format: "html", csvDir: null })).rejects.toThrow(
      /--out is a directory/,
    );
    expect((await readdir(dir)).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("refuses to replace a CSV directory that holds other files", async () => {
    const csvDir = join(dir, "mine");
    await writeReport(buildReportData([full], { bootstrap: 0 }), {
      out: join(dir, "m.html"),
      format: "html",
      csvDir,
    });
    await writeFile(join(csvDir, "notes.txt"), "mine");
    await expect(
      writeReport(buildReportData([full], { bootstrap: 0 }), {
        out: join(dir, "m.html"),
        format: "html",
        csvDir,
      }),
    ).rejects.toThrow(/other than CSV/);
    expect(await readFile(join(csvDir, "notes.txt"), "utf8")).toBe("mine");
  });
});
