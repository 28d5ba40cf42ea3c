import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agreeF1, cohenKappa, disagreeF1, macroF1 } from "./class-scores.js";

// Expected values are scikit-learn's (1.5) on the stance vectors the tables stand for, with the
// study's coding 1 = disagree: f1_score(t1, t2), f1_score(..., average="macro"), cohen_kappa_score.
describe("class-wise scores, scikit-learn semantics", () => {
  it("F1 of disagree swaps the classes of the agree-class F1", () => {
    // t1 = [0,0,0,1,1], t2 = [0,0,1,1,0]: tp (agree-agree) 2, fp 1 (stated disagree, acted agree),
    // fn 1, tn 1. f1_score(t1, t2) = 2*1 / (2*1 + 1 + 1) = 0.5; pos_label=0 gives 2*2/(4+2) = 2/3.
    const c = { tp: 2, fp: 1, fn: 1, tn: 1 };
    expect(disagreeF1(c)).toBeCloseTo(0.5);
    expect(agreeF1(c)).toBeCloseTo(2 / 3);
    expect(macroF1(c)).toBeCloseTo((0.5 + 2 / 3) / 2);
    // cohen_kappa_score: po = 3/5, pe = 3/5*3/5 + 2/5*2/5 = 13/25, kappa = (15/25-13/25)/(12/25) = 1/6.
    expect(cohenKappa(c)).toBeCloseTo(1 / 6);
  });

  it("a scenario with no disagree item on either side scores 0 (zero_division), macro-F1 1", () => {
    const allAgree = { tp: 56, fp: 0, fn: 0, tn: 0 };
    expect(disagreeF1(allAgree)).toBe(0);
    expect(agreeF1(allAgree)).toBe(1);
    // unique_labels is {0}: macro averages that one class.
    expect(macroF1(allAgree)).toBe(1);
    // cohen_kappa_score returns NaN (0/0); valens says null.
    expect(cohenKappa(allAgree)).toBeNull();
  });

  it("no true positive of disagree scores 0 even when disagree appears", () => {
    expect(disagreeF1({ tp: 50, fp: 3, fn: 3, tn: 0 })).toBe(0);
    expect(macroF1({ tp: 50, fp: 3, fn: 3, tn: 0 })).toBeCloseTo(100 / 106 / 2);
  });

  it("scores lie in range and macro-F1 is between the class F1s when both classes appear", () => {
    const count = fc.integer({ min: 0, max: 30 });
    fc.assert(
      fc.property(fc.record({ tp: count, fp: count, fn: count, tn: count }), (c) => {
        for (const f of [agreeF1(c), disagreeF1(c)]) expect(f >= 0 && f <= 1).toBe(true);
        const m = macroF1(c);
        if (c.tp + c.fp + c.fn + c.tn === 0) expect(m).toBeNaN();
        else if (c.tp + c.fp + c.fn > 0 && c.tn + c.fp + c.fn > 0) {
          expect(m).toBeGreaterThanOrEqual(Math.min(agreeF1(c), disagreeF1(c)) - 1e-12);
          expect(m).toBeLessThanOrEqual(Math.max(agreeF1(c), disagreeF1(c)) + 1e-12);
        }
        const k = cohenKappa(c);
        if (k !== null) expect(k >= -1 - 1e-12 && k <= 1 + 1e-12).toBe(true);
        // Perfect agreement with both classes present: kappa 1.
        if (c.fp + c.fn === 0 && c.tp > 0 && c.tn > 0) expect(k).toBeCloseTo(1);
      }),
    );
  });
});
