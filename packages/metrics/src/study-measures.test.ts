import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { importReleased } from "@valens/importers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildRun, generatedItems } from "./__fixtures__/generated-run.js";
import { itemAlignments } from "./item-alignment.js";
import { computeMetrics } from "./report.js";
import { meanOfPicks, scenarioBootstrap } from "./scenario-resample.js";
import { scenarioScores, studyScenarioF1s } from "./study-alignment.js";

describe("the study's alignment rate and distance (hand-checked)", () => {
  // Two scenarios of Egypt, two values each (stated mean -> score; choices -> negative share).
  const run = buildRun([
    // Religion: Equality stated 1 (0), acted positive (0); Wealth stated 4 (1), acted negative (1).
    { country: "Egypt", topic: "Religion", value: "Equality", ratings: [1], choices: ["positive"] },
    { country: "Egypt", topic: "Religion", value: "Wealth", ratings: [4], choices: ["negative"] },
    // Politics: Equality stated 3 (2/3), acted positive (0); Wealth stated 2 (1/3), acted positive.
    { country: "Egypt", topic: "Politics", value: "Equality", ratings: [3], choices: ["positive"] },
    { country: "Egypt", topic: "Politics", value: "Wealth", ratings: [2], choices: ["positive"] },
  ]);
  const report = computeMetrics(run, { bootstrap: 0 });

  it("averages per-scenario F1 of disagree, 0 for a scenario without a true positive", () => {
    // Religion: one disagree-disagree item -> F1 1. Politics: disagree stated, agree acted -> 0.
    expect(report.alignmentRate?.study).toMatchObject({ overall: 0.5, scenarios: 2, ci95: null });
    expect(report.alignmentRate?.study.byCountry).toEqual({ Egypt: 0.5 });
    expect(report.alignmentRate?.study.byTopic).toEqual({ Politics: 0, Religion: 1 });
    // byValue pools over scenarios: Equality (agree,agree),(disagree,agree): no disagree TP -> 0;
    // Wealth (disagree,disagree),(agree,agree): 2*1/(2*1) = 1.
    expect(report.alignmentRate?.study.byValue).toEqual({ Wealth: 1, Equality: 0 });
    // Agree-class F1 keeps its meaning: Religion 1, Politics 2*1/(2+1) = 2/3.
    expect(report.alignmentRate?.f1).toBeCloseTo((1 + 2 / 3) / 2);
    // Macro: Religion (1 + 1)/2; Politics (2/3 + 0)/2.
    expect(report.alignmentRate?.macroF1.overall).toBeCloseTo((1 + 1 / 3) / 2);
    // Pooled kappa: tp 2, fp 1, fn 0, tn 1: po 3/4, pe 3/4*2/4 + 1/4*2/4 = 1/2 -> 1/2.
    expect(report.alignmentRate?.kappa.overall).toBeCloseTo(0.5);
  });

  it("averages over topics first, then takes |t1 - t2|", () => {
    // Egypt x Wealth: Religion stated 4 (1), acted positive (0); Politics stated 1 (0), acted
    // negative (1): study |1/2 - 1/2| = 0, item-level (1 + 1)/2 = 1.
    // Egypt x Equality: Religion 1 (0) positive (0); Politics 3 (2/3) positive (0): both 1/3.
    const cancel = computeMetrics(
      buildRun([
        { country: "Egypt", topic: "Religion", value: "Equality", ratings: [1], choices: ["positive"] },
        { country: "Egypt", topic: "Religion", value: "Wealth", ratings: [4], choices: ["positive"] },
        { country: "Egypt", topic: "Politics", value: "Equality", ratings: [3], choices: ["positive"] },
        { country: "Egypt", topic: "Politics", value: "Wealth", ratings: [1], choices: ["negative"] },
      ]),
      { bootstrap: 0 },
    );
    const d = cancel.distanceStudy;
    expect(d?.countryValue.columns).toEqual(["Wealth", "Equality"]);
    expect(d?.countryValue.cells[0]?.[0]).toBeCloseTo(0);
    expect(d?.countryValue.cells[0]?.[1]).toBeCloseTo(1 / 3);
    expect(d?.countryValue.stated[0]?.[0]).toBeCloseTo(1 / 2);
    expect(d?.countryValue.acted[0]?.[0]).toBeCloseTo(1 / 2);
    expect(d?.countryValue.counts[0]).toEqual([2, 2]);
    expect(d?.byCountry.Egypt).toBeCloseTo(1 / 6);
    expect(cancel.distance?.byCountry.Egypt).toBeCloseTo(2 / 3);
    expect(d?.ranking.byCountry.Egypt).toEqual(["Equality", "Wealth"]);
    expect(cancel.ranking?.byCountry.Egypt).toEqual(["Wealth", "Equality"]);
    // Topic rows average over countries (one here): the item-level figures.
    expect(d?.byTopic.Religion).toBeCloseTo(1 / 2);
    expect(d?.byTopic.Politics).toBeCloseTo(5 / 6);
    expect(d?.topicRanking).toEqual(["Politics", "Religion"]);
  });

  it("names each figure's definition", () => {
    expect(Object.keys(report.definitions)).toEqual(
      expect.arrayContaining([
        "alignmentRate.study",
        "alignmentRate.f1",
        "alignmentRate.macroF1",
        "alignmentRate.kappa",
        "distanceStudy",
        "distance",
      ]),
    );
    expect(report.definitions["alignmentRate.study"]).toMatch(/disagree/);
  });
});

describe("the study's measures on generated runs", () => {
  const options = { bootstrap: 40, seed: 3, resample: { resamples: 40, seed: 3 } };

  it("the study's distance is never larger than the item-level distance, cell by cell", () => {
    fc.assert(
      fc.property(generatedItems(), (items) => {
        const report = computeMetrics(buildRun(items), options);
        const study = report.distanceStudy;
        const item = report.distance;
        if (!study || !item) return;
        study.countryValue.cells.forEach((row, r) => {
          row.forEach((cell, c) => {
            if (cell !== null)
              expect(cell).toBeLessThanOrEqual((item.countryValue.cells[r]?.[c] ?? 0) + 1e-12);
          });
        });
      }),
      { numRuns: 40 },
    );
  });

  it("the study interval resamples the same scenarios as the agree-class interval", () => {
    fc.assert(
      fc.property(generatedItems(), (items) => {
        const run = buildRun(items);
        const rate = computeMetrics(run, options).alignmentRate;
        if (!rate) return;
        const scores = scenarioScores(itemAlignments(run));
        expect(scores).toHaveLength(rate.scenarios);
        expect(studyScenarioF1s(itemAlignments(run)).map((s) => s.f1)).toEqual(
          scores.map((s) => s.disagreeF1),
        );
        // Bootstrapping the agree-class column here reproduces bootstrapScenarios' interval exactly.
        const agree = Float64Array.from(scores, (s) => s.agreeF1);
        expect(scenarioBootstrap(agree.length, meanOfPicks(agree), options.resample)).toEqual(rate.ci95);
        const [low, high] = rate.study.ci95 ?? [Number.NaN, Number.NaN];
        expect(low).toBeLessThanOrEqual(rate.study.overall + 1e-12);
        expect(high).toBeGreaterThanOrEqual(rate.study.overall - 1e-12);
      }),
      { numRuns: 30 },
    );
  });
});

const present = hasSharedData(
  ["via", "via_full.csv"],
  ["released", "claude-sonnet-4_t1.csv"],
  ["released", "claude-sonnet-4_t2_log.jsonl"],
);

describe.skipIf(!present)(
  "the study's definitions on Claude Sonnet 4 (PROTOCOL.md reference figures)",
  () => {
    it("alignment rate 0.407 (F1 of disagree) beside 0.912 (F1 of agree); study distance by country", async () => {
      const { run } = await importReleased({
        via: sharedDataPath("via", "via_full.csv"),
        t1: sharedDataPath("released", "claude-sonnet-4_t1.csv"),
        t2Log: sharedDataPath("released", "claude-sonnet-4_t2_log.jsonl"),
        model: "claude-sonnet-4",
      });
      const report = computeMetrics(run, { bootstrap: 200 });
      const rate = report.alignmentRate;
      expect(rate?.study.overall.toFixed(3)).toBe("0.407");
      expect(rate?.study.scenarios).toBe(132);
      expect(rate?.f1.toFixed(3)).toBe("0.912");
      const [low, high] = rate?.study.ci95 ?? [0, 0];
      expect(low < 0.407 && 0.407 < high).toBe(true);
      // The study's distance, and the item-level one beside it (PROTOCOL: 0.271, 0.272, 0.284 ... 0.198).
      // Canada's figure is 0.2094968 here, 3e-6 below the rounding edge of PROTOCOL's 0.210 (no
      // convention tried gives all four figures exactly; docs/measures.md): within 6e-4 for it,
      // to the third decimal for the others.
      const study = report.distanceStudy?.byCountry ?? {};
      for (const [country, figure] of Object.entries({
        "United States": "0.208",
        Germany: "0.207",
        Egypt: "0.150",
      }))
        expect(study[country]?.toFixed(3), country).toBe(figure);
      expect(Math.abs((study.Canada ?? 0) - 0.21)).toBeLessThan(6e-4);
      const item = report.distance?.byCountry ?? {};
      const itemReference = { "United States": 0.271, Canada: 0.272, Germany: 0.284, Egypt: 0.198 };
      for (const [country, figure] of Object.entries(itemReference))
        expect((item[country] ?? 0).toFixed(3)).toBe(figure.toFixed(3));
      expect(report.distanceStudy?.countryRanking.at(-1)).toBe("Egypt");
      expect(report.distanceStudy?.countryValue.cells).toHaveLength(12);
      expect(report.distanceStudy?.topicValue.cells).toHaveLength(11);
      // --missing agree applies: the 63 unanswered items now count, as "agree".
      const agree = computeMetrics(run, { bootstrap: 0, missing: "agree" });
      expect(agree.items).toBe(7392);
      expect(agree.distanceStudy?.byCountry.Canada).not.toBe(study.Canada);
      expect(agree.alignmentRate?.f1.toFixed(3)).toBe("0.913");
    });
  },
);
