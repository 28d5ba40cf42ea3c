import { InputError } from "@valens/core";
import { describe, expect, it } from "vitest";
import { syntheticRun } from "../__fixtures__/synthetic-run.js";
import { evaluateRepeatedSplits, spread, summariseSplits } from "./repeated-splits.js";
import { trainPredictor } from "./train-predictor.js";

const run = syntheticRun({ countries: 4, topics: 3, values: 10, noise: 0.1 });
const base = {
  runs: [run],
  task: "gap" as const,
  features: ["attributions" as const],
  kind: "logistic" as const,
  split: { kind: "groups" as const, by: "scenario" as const, fraction: 0.25 },
};

describe("repeated seeded splits", () => {
  it("trains once per seed and reports what trainPredictor reports for that seed", async () => {
    const seen: number[] = [];
    const result = await evaluateRepeatedSplits({
      ...base,
      repeats: 3,
      firstSeed: 4,
      onSplit: (s) => seen.push(s.seed),
    });
    expect(result.seeds).toEqual([4, 5, 6]);
    expect(seen).toEqual([4, 5, 6]);
    const single = await trainPredictor({ ...base, seed: 5 });
    expect(result.splits[1]?.predictor.ap).toBe(single.report?.ap);
    expect(result.splits[1]?.baselines["stance-flip-lr-text"]?.ap).toBe(
      single.report?.baselines["stance-flip-lr-text"]?.ap,
    );
    // Different seeds hold out different scenario groups.
    expect(
      new Set(result.splits.map((s) => s.n)).size + new Set(result.splits.map((s) => s.predictor.ap)).size,
    ).toBeGreaterThan(2);
    const aps = result.splits.map((s) => s.predictor.ap as number);
    const mean = aps.reduce((a, b) => a + b, 0) / 3;
    expect(result.summary.predictor.ap.mean).toBeCloseTo(mean, 12);
    expect(Object.keys(result.summary.baselines)).toEqual(Object.keys(single.report?.baselines ?? {}));
    expect(result.wins["stated-score"]?.of).toBe(3);
  });

  it("refuses fewer than two repeats", async () => {
    await expect(evaluateRepeatedSplits({ ...base, repeats: 1 })).rejects.toThrow(InputError);
  });
});

describe("spread", () => {
  it("is the mean, the sample standard deviation and the range, skipping undefined values", () => {
    const s = spread([0.5, null, 0.7, 0.9]);
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(0.7, 12);
    expect(s.sd).toBeCloseTo(0.2, 12);
    expect([s.min, s.max]).toEqual([0.5, 0.9]);
    expect(spread([null])).toEqual({ mean: null, sd: null, min: null, max: null, n: 0 });
    expect(spread([0.4]).sd).toBeNull();
  });

  it("counts a win only where the predictor's AP is strictly higher", () => {
    const metrics = (ap: number | null) => ({ ap, auroc: null, f1: 0, brier: 0 });
    const split = (ours: number, theirs: number | null, seed: number) => ({
      seed,
      split: "",
      kind: "logistic" as const,
      n: 10,
      positives: 3,
      predictor: metrics(ours),
      baselines: { rule: metrics(theirs) },
    });
    const { wins, summary } = summariseSplits([split(0.8, 0.7, 1), split(0.6, 0.6, 2), split(0.9, null, 3)]);
    expect(wins.rule).toEqual({ wins: 1, of: 2 });
    expect(summary.baselines.rule?.ap.n).toBe(2);
  });
});
