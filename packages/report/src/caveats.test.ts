import { describe, expect, it } from "vitest";
import { intervalCaveat, predictorVerdict } from "./caveats.js";

const row = (name: string, isBaseline: boolean, f1: number, auroc: number | null = null) => ({
  name,
  isBaseline,
  f1,
  accuracy: 0.5,
  precision: null,
  recall: null,
  auroc,
});

describe("caveats", () => {
  it("flags an interval over few scenarios and only then", () => {
    expect(intervalCaveat(4)).toBe(
      "bootstrapped over only 4 scenarios: too few for the interval to mean much",
    );
    expect(intervalCaveat(1)).toContain("only 1 scenario:");
    expect(intervalCaveat(132)).toBeNull();
  });

  it("says when the predictor loses to a baseline, naming the strongest one", () => {
    const verdict = predictorVerdict([
      row("demo gap predictor", false, 0.465),
      row("baseline: stated-score", true, 0.56),
      row("baseline: value-prior", true, 0.3),
    ]);
    expect(verdict).toContain('loses to the baseline "baseline: stated-score" on F1 (0.465 against 0.560)');
  });

  it("says when it wins, and when it wins on F1 but loses on AUROC", () => {
    expect(predictorVerdict([row("p", false, 0.8, 0.9), row("b", true, 0.7, 0.8)])).toContain(
      'beats its strongest baseline "b" on F1 (0.800 against 0.700)',
    );
    expect(predictorVerdict([row("p", false, 0.8, 0.7), row("b", true, 0.7, 0.8)])).toContain(
      'loses to "b" on AUROC (0.700 against 0.800)',
    );
    expect(predictorVerdict([row("p", false, 0.8)])).toBeNull();
  });
});
