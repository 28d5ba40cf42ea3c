import { computeMetrics } from "@valens/metrics";
import { describe, expect, it } from "vitest";
import { buildReportData } from "./build-report-data.js";
import { buildDocument, documentTables } from "./document.js";
import { reportDataSchema } from "./report-data.js";
import { syntheticRun } from "./test/synthetic-run.js";

const run = syntheticRun({ model: "m", countries: 3, topics: 3, flip: 0.3 });

describe("the study's definitions in the report", () => {
  it("headline and groups carry the study's alignment rate and distance beside the agree-class ones", () => {
    const data = buildReportData([run], { bootstrap: 50 });
    const metrics = computeMetrics(run, { bootstrap: 50 });
    const h = data.models[0]?.headline;
    expect(h?.alignmentRateStudy).toBe(metrics.alignmentRate?.study.overall);
    expect(h?.alignmentRateStudyCi95).toEqual(metrics.alignmentRate?.study.ci95);
    expect(h?.alignmentRate).toBe(metrics.alignmentRate?.f1);
    expect(h?.macroF1).toBe(metrics.alignmentRate?.macroF1.overall);
    expect(h?.kappa).toBe(metrics.alignmentRate?.kappa.overall);
    expect(h?.meanDistanceStudy).toBe(metrics.distanceStudy?.overall);
    const country = data.models[0]?.groups.find((g) => g.kind === "country");
    expect(country?.alignmentRateStudy).toBe(metrics.alignmentRate?.study.byCountry[country?.name ?? ""]);
    expect(country?.meanDistanceStudy).toBe(metrics.distanceStudy?.byCountry[country?.name ?? ""]);
    expect(data.options.distance).toBe("study");
    expect(reportDataSchema.parse(data)).toEqual(data);
  });

  it("heatmaps and rankings use the study's distance by default, the item-level one with distance: item", () => {
    const tableOf = (distance: "study" | "item", id: string) => {
      const tables = documentTables(buildDocument(buildReportData([run], { bootstrap: 0, distance })));
      return tables.find((t) => t.id === id);
    };
    const metrics = computeMetrics(run, { bootstrap: 0 });
    const studyTop = tableOf("study", "m-top-misaligned-by-country")?.rows[0];
    const itemTop = tableOf("item", "m-top-misaligned-by-country")?.rows[0];
    const group = String(studyTop?.group);
    expect(studyTop?.v1).toBe(metrics.distanceStudy?.ranking.byCountry[group]?.[0]);
    expect(itemTop?.v1).toBe(metrics.ranking?.byCountry[group]?.[0]);
    expect(studyTop?.d1).toBe(metrics.distanceStudy?.ranking.detail.byCountry[group]?.[0]?.distance);
    expect(itemTop?.d1).toBe(metrics.ranking?.detail.byCountry[group]?.[0]?.distance);
    const heat = tableOf("study", "m-distance-country-value");
    const heatItem = tableOf("item", "m-distance-country-value");
    expect(heat).toBeDefined();
    expect(heat?.rows).not.toEqual(heatItem?.rows);
    const doc = buildDocument(buildReportData([run], { bootstrap: 0 }));
    const cards = doc.sections[0]?.blocks.find((b) => b.kind === "cards");
    expect(cards?.kind === "cards" && cards.cards.map((c) => c.label).slice(0, 2)).toEqual([
      "alignment rate (study: F1 of disagree)",
      "F1 of agree",
    ]);
  });
});
