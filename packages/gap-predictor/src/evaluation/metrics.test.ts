import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  auroc,
  averagePrecision,
  bestF1Threshold,
  binaryMetrics,
  brierScore,
  confusion,
  expectedCalibrationError,
  precisionRecallF1,
} from "./metrics.js";

describe("ranking metrics", () => {
  // The textbook example (also scikit-learn's docs): AUROC 0.75, AP 0.8333.
  const scores = [0.1, 0.4, 0.35, 0.8];
  const labels = [0, 0, 1, 1];

  it("computes AUROC and AP by hand", () => {
    expect(auroc(scores, labels)).toBeCloseTo(0.75, 10);
    // thresholds 0.8: P=1 R=.5; 0.4: P=.5 R=.5; 0.35: P=2/3 R=1 -> .5*1 + .5*2/3
    expect(averagePrecision(scores, labels)).toBeCloseTo(0.5 + 0.5 * (2 / 3), 10);
  });

  it("treats tied scores as one threshold", () => {
    expect(auroc([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(averagePrecision([0.5, 0.5, 0.1], [1, 0, 0])).toBeCloseTo(0.5, 10);
    expect(averagePrecision([0.9, 0.5, 0.5], [1, 0, 1])).toBeCloseTo(0.5 * 1 + 0.5 * (2 / 3), 10);
  });

  it("is undefined without both classes", () => {
    expect(auroc([0.1, 0.2], [1, 1])).toBeNull();
    expect(averagePrecision([0.1, 0.2], [0, 0])).toBeNull();
  });

  it("matches the pairwise definition of AUROC", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 40 }),
        (rows) => {
          const s = rows.map(([x]) => x / 5);
          const y = rows.map(([, b]) => (b ? 1 : 0));
          let pairs = 0;
          let wins = 0;
          for (let i = 0; i < s.length; i++)
            for (let j = 0; j < s.length; j++)
              if (y[i] === 1 && y[j] === 0) {
                pairs++;
                wins += (s[i] as number) > (s[j] as number) ? 1 : s[i] === s[j] ? 0.5 : 0;
              }
          const value = auroc(s, y);
          if (pairs === 0) expect(value).toBeNull();
          else expect(value).toBeCloseTo(wins / pairs, 10);
          const ap = averagePrecision(s, y);
          if (ap !== null) {
            expect(ap).toBeGreaterThan(0);
            expect(ap).toBeLessThanOrEqual(1 + 1e-12);
          }
        },
      ),
    );
  });
});

describe("thresholded metrics", () => {
  it("counts the confusion matrix with >= threshold as positive", () => {
    const c = confusion([0.9, 0.6, 0.4, 0.2, 0.5], [1, 0, 1, 0, 1], 0.5);
    expect(c).toEqual({ tp: 2, fp: 1, tn: 1, fn: 1 });
    const prf = precisionRecallF1(c);
    expect(prf.precision).toBeCloseTo(2 / 3, 10);
    expect(prf.recall).toBeCloseTo(2 / 3, 10);
    expect(prf.f1).toBeCloseTo(2 / 3, 10);
  });

  it("returns zeros instead of NaN when nothing is predicted positive", () => {
    expect(precisionRecallF1({ tp: 0, fp: 0, tn: 3, fn: 2 })).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it("picks the F1-best threshold among the scores", () => {
    // at 0.7: tp 2 fp 0 fn 1 -> F1 .8; at 0.3: tp 3 fp 1 -> F1 6/7
    expect(bestF1Threshold([0.9, 0.7, 0.5, 0.3], [1, 1, 0, 1])).toBe(0.3);
    expect(bestF1Threshold([0.9, 0.7, 0.5, 0.3], [1, 1, 0, 0])).toBe(0.7);
  });
});

describe("calibration metrics", () => {
  it("computes the Brier score", () => {
    expect(brierScore([0.9, 0.2], [1, 0])).toBeCloseTo((0.01 + 0.04) / 2, 12);
  });

  it("computes ECE over ten equal-width bins", () => {
    // four bins with one item each: |0-.05|, |0-.15|, |1-.85|, |1-.95| -> mean .1
    expect(expectedCalibrationError([0.05, 0.15, 0.85, 0.95], [0, 0, 1, 1])).toBeCloseTo(0.1, 12);
    // one bin holding .62 and .68 with one positive: |0.5 - 0.65|
    expect(expectedCalibrationError([0.62, 0.68], [1, 0])).toBeCloseTo(0.15, 12);
    // p = 1 falls in the last bin
    expect(expectedCalibrationError([1, 1], [1, 1])).toBe(0);
  });

  it("bundles everything at a given threshold", () => {
    const m = binaryMetrics([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 0.35);
    expect(m).toMatchObject({
      n: 4,
      positives: 2,
      precision: 2 / 3,
      recall: 1,
      accuracy: 0.75,
      threshold: 0.35,
    });
  });
});
