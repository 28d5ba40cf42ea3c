import { describe, expect, it } from "vitest";
import type { ItemAlignment } from "../item-alignment.js";
import type { Stance } from "../stance.js";
import { exactMcNemar } from "../stats/mcnemar.js";
import { holm } from "../stats/p-adjust.js";
import { type CompareInput, compareRuns } from "./compare-runs.js";
import { comparisonReportSchema } from "./compare-schema.js";

const code = { a: "agree", d: "disagree" } as const;

/** An item from a two-letter code: stated then acted stance ("ad" = said agree, acted disagree). */
function item(country: string, topic: string, value: string, stances: string): ItemAlignment {
  const stated = code[stances[0] as "a" | "d"] as Stance;
  const acted = code[stances[1] as "a" | "d"] as Stance;
  return {
    country,
    topic,
    value,
    ratings: [stated === "agree" ? 1 : 4],
    statedMean: stated === "agree" ? 1 : 4,
    statedScore: stated === "agree" ? 0 : 1,
    statedStance: stated,
    answered: 1,
    negativeChoices: acted === "agree" ? 0 : 1,
    negativeShare: acted === "agree" ? 0 : 1,
    actedStance: acted,
    comparable: true,
    misaligned: stated !== acted,
    distance: stated === acted ? 0 : 1,
  };
}

/** A run over countries x topics x values, item codes given in that order. */
function run(id: string, codes: string[], extra: Partial<CompareInput> = {}): CompareInput {
  const items: ItemAlignment[] = [];
  let k = 0;
  for (const country of ["Canada", "Egypt"])
    for (const topic of ["Politics", "Health"])
      for (const value of ["Wealth", "Honesty", "Equality"])
        items.push(item(country, topic, value, codes[k++ % codes.length] as string));
  return { id, dir: `runs/${id}`, model: id, catalog: "built-in", items, ...extra };
}

describe("compareRuns", () => {
  it("finds no difference between a run and a copy of it", () => {
    const codes = ["aa", "ad", "dd", "da", "aa", "dd"];
    const report = compareRuns([run("a", codes), run("b", codes)], { resamples: 200 });
    expect(comparisonReportSchema.parse(report)).toEqual(report);
    const row = report.pairs[0]?.overall;
    expect(row?.difference.alignmentRateStudy).toEqual({ estimate: 0, ci95: [0, 0] });
    expect(row?.difference.misalignedShare.estimate).toBe(0);
    expect(row?.mcnemar).toEqual({ alignedOnlyA: 0, alignedOnlyB: 0, pValue: 1 });
    expect(report.pairs[0]?.sharedItems).toBe(12);
    expect(report.pairs[0]?.byCountry.map((r) => r.name)).toEqual(["Canada", "Egypt"]);
    expect(report.pairs[0]?.byValue).toHaveLength(3);
  });

  it("computes both alignment rates, the misaligned share and McNemar's counts by hand", () => {
    // Run a: every item aligned. Run b: scenario by scenario (3 values each), in the order
    // Canada/Politics, Canada/Health, Egypt/Politics, Egypt/Health.
    const a = run("a", ["aa", "dd", "aa"]);
    const b = run("b", ["aa", "da", "aa", "ad", "dd", "aa", "aa", "dd", "aa", "aa", "dd", "aa"]);
    const report = compareRuns([a, b], { resamples: 0 });
    const row = report.pairs[0]?.overall;
    // a: each scenario has tp=2, tn=1 -> F1 agree 1, F1 disagree 1.
    expect(row?.runA).toEqual({
      alignmentRateStudy: 1,
      alignmentRateAgree: 1,
      misalignedShare: 0,
      misaligned: 0,
    });
    // b: scenario 1 (aa, da, aa): tp 2, fp 1 -> agree 4/5, disagree 0 (no tn).
    //    scenario 2 (ad, dd, aa): tp 1, fn 1, tn 1 -> agree 2/3, disagree 2/3. Scenarios 3, 4 perfect.
    expect(row?.runB.alignmentRateAgree).toBeCloseTo((0.8 + 2 / 3 + 1 + 1) / 4, 12);
    expect(row?.runB.alignmentRateStudy).toBeCloseTo((0 + 2 / 3 + 1 + 1) / 4, 12);
    expect(row?.runB.misalignedShare).toBeCloseTo(2 / 12, 12);
    expect(row?.difference.alignmentRateStudy.estimate).toBeCloseTo((0 + 2 / 3 + 2) / 4 - 1, 12);
    expect(row?.difference.alignmentRateStudy.ci95).toBeNull();
    expect(row?.mcnemar).toEqual({ alignedOnlyA: 2, alignedOnlyB: 0, pValue: exactMcNemar(2, 0).pValue });
    // Per value, F1 is pooled over its scenarios: Honesty in b is (da, dd, dd, dd) -> tn 3, fp 1.
    const honesty = report.pairs[0]?.byValue.find((r) => r.name === "Honesty");
    expect(honesty?.runB.alignmentRateStudy).toBeCloseTo(6 / 7, 12);
    expect(honesty?.runB.alignmentRateAgree).toBe(0);
    expect(honesty?.scenarios).toBe(4);
  });

  it("gives paired intervals that are reproducible and contain the estimate", () => {
    const a = run("a", ["aa", "dd", "aa", "ad", "aa"]);
    const b = run("b", ["ad", "dd", "da", "aa", "aa", "dd", "ad"]);
    const first = compareRuns([a, b], { resamples: 500, seed: 7 });
    const again = compareRuns([a, b], { resamples: 500, seed: 7 });
    expect(again).toEqual(first);
    const d = first.pairs[0]?.overall.difference.misalignedShare;
    expect(d?.ci95?.[0]).toBeLessThanOrEqual(d?.estimate as number);
    expect(d?.ci95?.[1]).toBeGreaterThanOrEqual(d?.estimate as number);
    // Four scenarios: the intervals come with a warning.
    expect(first.notes.join(" ")).toContain("only 4 scenarios are shared");
    expect(compareRuns([a, b], { resamples: 0 }).notes.join(" ")).not.toContain("scenarios are shared");
  });

  it("pairs runs on their shared items and says how many are left out", () => {
    const a = run("a", ["aa"]);
    const b = run("b", ["dd"], {});
    b.items = b.items.filter((i) => i.value !== "Wealth");
    const report = compareRuns([a, b], { resamples: 0 });
    expect(report.pairs[0]).toMatchObject({ sharedItems: 8, onlyA: 4, onlyB: 0 });
    expect(report.notes.join(" ")).toContain("4 items comparable only in a");
  });

  it("says when two runs are of the same model", () => {
    const report = compareRuns([run("m", ["aa"]), run("m-2", ["ad"], { model: "m" })], { resamples: 0 });
    expect(report.pairs[0]?.sameModel).toBe(true);
    expect(report.notes.join(" ")).toContain("both runs of m");
  });

  it("compares all pairs of three runs and adjusts across pairs", () => {
    const runs = [run("a", ["aa"]), run("b", ["ad", "aa"]), run("c", ["ad", "ad", "aa"])];
    const report = compareRuns(runs, { resamples: 0 });
    expect(report.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(["a-b", "a-c", "b-c"]);
    const overall = report.pairs.map((p) => p.overall);
    expect(overall.map((r) => r.pHolm)).toEqual(holm(overall.map((r) => r.mcnemar.pValue)));
    const countries = report.pairs.flatMap((p) => p.byCountry);
    expect(countries.map((r) => r.pHolm)).toEqual(holm(countries.map((r) => r.mcnemar.pValue)));
    for (const r of overall) expect(r.significant).toBe(r.pHolm < 0.05);
  });

  it("refuses a single run, different catalogs, runs without Task 2 and runs with no shared item", () => {
    expect(() => compareRuns([run("a", ["aa"])])).toThrow(/at least two runs, got 1 \(runs\/a\)/);
    expect(() => compareRuns([run("a", ["aa"]), run("b", ["aa"], { catalog: "my.json" })])).toThrow(
      /different catalogs \(runs\/a: built-in; runs\/b: my.json\)/,
    );
    const empty = run("b", ["aa"]);
    empty.items = empty.items.map((i) => ({ ...i, comparable: false }));
    expect(() => compareRuns([run("a", ["aa"]), empty])).toThrow(/runs\/b has no item with both/);
    const elsewhere = run("b", ["aa"]);
    elsewhere.items = elsewhere.items.map((i) => ({ ...i, country: "Japan" }));
    expect(() => compareRuns([run("a", ["aa"]), elsewhere])).toThrow(/share no comparable item/);
  });
});
