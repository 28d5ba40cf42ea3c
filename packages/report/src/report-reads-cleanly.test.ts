import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReportData } from "./build-report-data.js";
import { syntheticRun } from "./test/synthetic-run.js";
import { writeReport } from "./write-report.js";

/** Runs and a predictor stored under an absolute directory, as the demo and reproduce have them. */
async function reportOfAbsoluteRuns() {
  const base = await mkdtemp(join(tmpdir(), "valens-builder-home-"));
  const runs = [
    {
      ...syntheticRun({ model: "model-a", countries: 2, topics: 2, flip: 0.2 }),
      dir: join(base, "runs", "model-a"),
    },
    {
      ...syntheticRun({ model: "model-b", countries: 2, topics: 2, flip: 0.4, seed: 3 }),
      dir: join(base, "runs", "model-b"),
    },
  ];
  // A task 2 reconstructed from a list the builder keeps in their own directory.
  const first = runs[0] as (typeof runs)[number];
  const task2 = first.manifest.tasks.task2;
  if (task2)
    task2.reconstructed = {
      from: "misaligned-list",
      file: join(base, "released", "misaligned", "gemma_misaligned_example.csv"),
      items: 10,
      misaligned: 2,
      unknown: "unparsed answers",
    };
  const data = buildReportData(runs, {
    bootstrap: 50,
    predictor: {
      evaluation: {
        predictor: { name: "gap predictor", target: "gap", dir: join(base, "predictor"), features: [] },
        testSet: { size: 100, description: "" },
        scores: [
          {
            name: "gap predictor",
            isBaseline: false,
            f1: 0.4,
            accuracy: 0.7,
            precision: null,
            recall: null,
            auroc: null,
          },
          {
            name: "baseline: stated-score",
            isBaseline: true,
            f1: 0.55,
            accuracy: 0.8,
            precision: null,
            recall: null,
            auroc: null,
          },
        ],
        confusion: null,
      },
      forecast: null,
    },
  });
  const out = join(base, "report.html");
  await writeReport(data, { out, format: "html", csvDir: null });
  await writeReport(data, { out: join(base, "report.json"), format: "json", csvDir: null });
  return {
    base,
    html: await readFile(out, "utf8"),
    json: await readFile(join(base, "report.json"), "utf8"),
  };
}

describe("a report reads cleanly", () => {
  it("holds no absolute local path, in HTML or JSON", async () => {
    const { base, html, json } = await reportOfAbsoluteRuns();
    expect(html).not.toContain(base);
    expect(json).not.toContain(base);
    expect(html).not.toContain(tmpdir());
    expect(json).toContain('"runDir": "…/runs/model-a"');
    expect(json).toContain('"file": "…/misaligned/gemma_misaligned_example.csv"');
  });

  it("says 'Headline figures' once as a heading, an interval over 4 scenarios is flagged, a losing predictor says so", async () => {
    const { html } = await reportOfAbsoluteRuns();
    expect(html.match(/<h[1-4][^>]*>Headline figures<\/h[1-4]>/g)).toHaveLength(1);
    expect(html).toContain("bootstrapped over only 4 scenarios: too few for the interval to mean much");
    expect(html).toContain(
      "The predictor loses to the baseline &quot;baseline: stated-score&quot; on F1 (0.400 against 0.550)",
    );
  });

  it("spreads the example misaligned items over the countries and topics", () => {
    const run = syntheticRun({ model: "spread", countries: 6, topics: 5, flip: 0.3, seed: 8 });
    const data = buildReportData([run], { bootstrap: 0, examples: 8 });
    const examples = data.models[0]?.examples ?? [];
    expect(examples).toHaveLength(8);
    expect(new Set(examples.map((e) => e.country)).size).toBe(6);
    expect(new Set(examples.map((e) => e.topic)).size).toBe(5);
  });
});
