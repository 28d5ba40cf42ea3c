import { createRng } from "@valens/core";
import { describe, expect, it } from "vitest";
import { inclusionProbabilities } from "./design.js";
import { estimateSampledRun, type SampledItem } from "./estimates.js";
import {
  estimateTotal,
  fitEstimator,
  type SampleFrame,
  shareOf,
  weightedLeastSquares,
  Z95,
} from "./estimator.js";

const frame: SampleFrame = {
  forecast: [0.4, 0.2, 0.1, 0.3],
  statedAgree: [true, true, false, false],
  inclusion: [0.5, 0.5, 0.5, 0.5],
  outcome: [true, false, null, null],
};

describe("estimators (hand-computed)", () => {
  it("ht: sum y / pi, variance sum (1 - pi) (y / pi)^2", () => {
    const t = estimateTotal(fitEstimator(frame, "ht"));
    expect(t.total).toBeCloseTo(2, 12);
    expect(t.variance).toBeCloseTo(2, 12);
  });
  it("hajek: the weighted mean for every item plus weighted residuals", () => {
    const t = estimateTotal(fitEstimator(frame, "hajek"));
    expect(t.total).toBeCloseTo(2, 12); // 4 * 0.5 + (0.5 * 2 - 0.5 * 2)
    expect(t.variance).toBeCloseTo(1, 12); // 0.5 * 1^2 + 0.5 * 1^2
  });
  it("difference: sum of forecasts plus weighted residuals (prediction-powered)", () => {
    const t = estimateTotal(fitEstimator(frame, "difference"));
    expect(t.total).toBeCloseTo(1.8, 12); // 1.0 + (0.6 * 2 - 0.2 * 2)
    expect(t.variance).toBeCloseTo(0.8, 12); // 0.5 * 1.2^2 + 0.5 * 0.4^2
  });
  it("domains: the two kinds add up to the whole", () => {
    const fitted = fitEstimator(frame, "difference");
    const agree = estimateTotal(fitted, (i) => frame.statedAgree[i] === true);
    const disagree = estimateTotal(fitted, (i) => frame.statedAgree[i] === false);
    expect(agree.total + disagree.total).toBeCloseTo(1.8, 12);
    expect(agree.total).toBeCloseTo(0.6 + 1.2 - 0.4, 12);
    expect(disagree.total).toBeCloseTo(0.4, 12);
    expect(agree.sampled).toBe(2);
    expect(disagree.sampled).toBe(0);
  });
  it("domains: the variance is the mean of the direct one and the variance function's", () => {
    const fitted = fitEstimator(frame, "difference");
    // Two sampled items, one bin: E[residual^2] = (2 * 0.6^2 + 2 * 0.2^2) / 4 = 0.2 for every item.
    const disagree = estimateTotal(fitted, (i) => frame.statedAgree[i] === false);
    expect(disagree.variance).toBeCloseTo((0 + 2 * ((1 - 0.5) / 0.5) * 0.2) / 2, 12);
    const agree = estimateTotal(fitted, (i) => frame.statedAgree[i] === true);
    expect(agree.variance).toBeCloseTo((0.8 + 0.4) / 2, 12);
    // The whole grid keeps the direct estimate.
    expect(estimateTotal(fitted).variance).toBeCloseTo(0.8, 12);
  });
  it("domains: a constant prediction (hajek) pools the variance function over the whole sample", () => {
    // 100 items, all drawn at pi = 0.5: the first half never misaligned, the second half every third.
    const n = 100;
    const big: SampleFrame = {
      forecast: null,
      statedAgree: Array.from({ length: n }, () => true),
      inclusion: Array.from({ length: n }, () => 0.5),
      outcome: Array.from({ length: n }, (_, i) => i >= 50 && i % 3 === 0),
    };
    const fitted = fitEstimator(big, "hajek");
    const residuals = Array.from(fitted.residual);
    const pooled = residuals.reduce((s, e) => s + e * e, 0) / n;
    const direct = residuals.slice(50).reduce((s, e) => s + (1 - 0.5) * (e / 0.5) ** 2, 0);
    const second = estimateTotal(fitted, (i) => i >= 50);
    expect(second.variance).toBeCloseTo((direct + 50 * ((1 - 0.5) / 0.5) * pooled) / 2, 10);
  });
  it("shareOf: normal interval on the share, clipped", () => {
    const s = shareOf({ total: 1.8, variance: 0.8, items: 4, sampled: 2 });
    expect(s.share).toBeCloseTo(0.45, 12);
    const half = (Z95 * Math.sqrt(0.8)) / 4;
    expect(s.ci95[0]).toBeCloseTo(Math.max(0, 0.45 - half), 12);
    expect(s.ci95[1]).toBeCloseTo(0.45 + half, 12);
  });
  it("weighted least squares recovers an exact line", () => {
    const x = Float64Array.from([0, 1, 2, 3]);
    const ones = new Float64Array(4).fill(1);
    const y = Float64Array.from([0.1, 0.6, 1.1, 1.6]);
    const b = weightedLeastSquares(
      [ones, x],
      Int32Array.from([0, 1, 2, 3]),
      Float64Array.from([1, 2, 3, 4]),
      y,
    );
    expect(b[0]).toBeCloseTo(0.1, 6);
    expect(b[1]).toBeCloseTo(0.5, 6);
  });
  it("regression with every item drawn at pi = 1 is exact, with zero variance", () => {
    const full: SampleFrame = { ...frame, inclusion: [1, 1, 1, 1], outcome: [true, false, false, true] };
    const t = estimateTotal(fitEstimator(full, "regression"));
    expect(t.total).toBeCloseTo(2, 9);
    expect(t.variance).toBe(0);
  });
});

describe("alignment rates of a fully drawn grid", () => {
  it("equal the per-scenario F1s of both classes (hand-computed)", () => {
    // Scenario A: agree items [ok, ok, misaligned], disagree [ok]: tp 2, fn 1, fp 0, tn 1.
    // F1 agree = 4/5, F1 disagree = 2/3. Scenario B: agree [ok], disagree [misaligned]:
    // tp 1, fp 1, tn 0: F1 agree = 2/3, F1 disagree = 0 (no true positive).
    const mk = (topic: string, statedAgree: boolean, outcome: boolean): SampledItem => ({
      country: "X",
      topic,
      value: `${topic}${Math.random()}`,
      statedAgree,
      forecast: null,
      inclusion: 1,
      drawn: true,
      outcome,
    });
    const items = [
      mk("A", true, false),
      mk("A", true, false),
      mk("A", true, true),
      mk("A", false, false),
      mk("B", true, false),
      mk("B", false, true),
    ];
    const e = estimateSampledRun(items, { design: "uniform", resamples: 50 });
    expect(e.alignmentRate.agreeF1.estimate).toBeCloseTo((4 / 5 + 2 / 3) / 2, 9);
    expect(e.alignmentRate.study.estimate).toBeCloseTo((2 / 3 + 0) / 2, 9);
    expect(e.alignmentRate.study.ci95[0]).toBeCloseTo(e.alignmentRate.study.estimate, 9);
    expect(e.misaligned.count).toBeCloseTo(2, 9);
    expect(e.agreeDisagree.count).toBeCloseTo(1, 9);
    expect(e.disagreeAgree.count).toBeCloseTo(1, 9);
  });
});

/**
 * A synthetic grid whose forecast ranks well but is miscalibrated (its level a third of the
 * truth), as a guide trained on other models is. Poisson samples with fresh random numbers per
 * repetition; the 95% interval should cover the true share in about 95% of them.
 */
function population(n: number, seed: number) {
  const rng = createRng(seed);
  const items: SampledItem[] = [];
  for (let i = 0; i < n; i++) {
    const statedAgree = rng() < 0.8;
    const risk = rng() ** 3;
    const truth = Math.min(0.95, (statedAgree ? 0.05 : 0.4) + 0.6 * risk);
    items.push({
      country: `c${i % 12}`,
      topic: `t${Math.floor(i / 12) % 11}`,
      value: `v${i}`,
      statedAgree,
      forecast: Math.min(0.99, truth / 3 + 0.02 * rng()),
      inclusion: 1,
      drawn: false,
      outcome: rng() < truth,
    });
  }
  return items;
}

function coverage(design: "risk" | "uniform", estimator: "regression" | "hajek", reps: number) {
  const items = population(3000, 11);
  const truth = items.filter((i) => i.outcome).length / items.length;
  const truthByCountry = items.filter((i) => i.country === "c0" && i.outcome).length / (3000 / 12);
  const pis = inclusionProbabilities({
    design,
    items: items.length,
    budget: 300,
    forecasts: items.map((i) => i.forecast as number),
  });
  let covered = 0;
  let coveredCountry = 0;
  let halfWidth = 0;
  for (let r = 0; r < reps; r++) {
    const rng = createRng(1000 + r);
    const sample = items.map((item, i) => {
      const drawn = rng() < (pis[i] as number);
      return { ...item, inclusion: pis[i] as number, drawn, outcome: drawn ? item.outcome : null };
    });
    const e = estimateSampledRun(sample, { design, estimator, resamples: 0 });
    if (e.misaligned.ci95[0] <= truth && truth <= e.misaligned.ci95[1]) covered++;
    const c0 = e.byCountry.c0;
    if (c0 && c0.ci95[0] <= truthByCountry && truthByCountry <= c0.ci95[1]) coveredCountry++;
    halfWidth += (e.misaligned.ci95[1] - e.misaligned.ci95[0]) / 2;
  }
  return { coverage: covered / reps, country: coveredCountry / reps, halfWidth: halfWidth / reps };
}

describe("simulation: intervals cover at about the nominal rate", () => {
  it("risk design, regression estimator", () => {
    const c = coverage("risk", "regression", 300);
    expect(c.coverage).toBeGreaterThan(0.92);
    expect(c.coverage).toBeLessThan(0.985);
    // A country's interval (250 items, about 25 sampled): 0.957 here (seeded); the direct
    // variance alone gave 0.930.
    expect(c.country).toBeGreaterThan(0.945);
  });
  it("uniform design, sample mean; the forecast narrows the interval", () => {
    const plain = coverage("uniform", "hajek", 300);
    expect(plain.coverage).toBeGreaterThan(0.92);
    expect(plain.coverage).toBeLessThan(0.985);
    const risk = coverage("risk", "regression", 300);
    expect(risk.halfWidth).toBeLessThan(plain.halfWidth);
  });
});
