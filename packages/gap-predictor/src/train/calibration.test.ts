import { describe, expect, it } from "vitest";
import { applyPlatt, fitPlatt, logit, sigmoid } from "./calibration.js";
import { createRng, deriveSeed, shuffled } from "./rng.js";

describe("Platt scaling", () => {
  it("recovers the slope and intercept that generated the labels", () => {
    const random = createRng(3);
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const v = random() * 6 - 3;
      x.push(v);
      y.push(random() < sigmoid(2 * v - 1) ? 1 : 0);
    }
    const fit = fitPlatt(x, y);
    expect(fit.a).toBeCloseTo(2, 0);
    expect(Math.abs(fit.a - 2)).toBeLessThan(0.15);
    expect(Math.abs(fit.b + 1)).toBeLessThan(0.1);
  });

  it("stays finite on separable data and keeps the order", () => {
    const fit = fitPlatt([-2, -1, 1, 2], [0, 0, 1, 1]);
    expect(Number.isFinite(fit.a) && Number.isFinite(fit.b)).toBe(true);
    const p = applyPlatt(fit, [-2, 2]);
    expect(p[0]).toBeLessThan(p[1] as number);
    expect(p[1]).toBeLessThan(1);
  });

  it("is the identity without both classes", () => {
    expect(fitPlatt([1, 2], [1, 1])).toEqual({ method: "platt", a: 1, b: 0 });
    expect(sigmoid(logit(0.3))).toBeCloseTo(0.3, 10);
  });
});

describe("seeded randomness", () => {
  it("repeats with the same seed and differs with another", () => {
    const a = shuffled([1, 2, 3, 4, 5, 6, 7, 8], createRng(1));
    expect(shuffled([1, 2, 3, 4, 5, 6, 7, 8], createRng(1))).toEqual(a);
    expect(shuffled([1, 2, 3, 4, 5, 6, 7, 8], createRng(2))).not.toEqual(a);
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(deriveSeed(1, "x")).not.toBe(deriveSeed(1, "y"));
  });
});
