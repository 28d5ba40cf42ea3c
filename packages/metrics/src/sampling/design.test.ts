import { describe, expect, it } from "vitest";
import {
  drawPoisson,
  inclusionProbabilities,
  MIN_SAMPLE_ITEMS,
  parseBudget,
  probabilitiesFor,
  riskWeight,
} from "./design.js";
import { permanentRandomNumber } from "./prn.js";

describe("probabilitiesFor", () => {
  it("spreads a budget evenly over equal weights", () => {
    expect(probabilitiesFor([1, 1, 1, 1], 2)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
  it("caps a heavy item at 1 and shares the rest (hand-computed)", () => {
    // lambda = 2/13 would give the first 20/13 > 1; capped, the other three share 1: 1/3 each.
    const p = probabilitiesFor([10, 1, 1, 1], 2);
    expect(p[0]).toBe(1);
    for (const x of p.slice(1)) expect(x).toBeCloseTo(1 / 3, 12);
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(2, 12);
  });
  it("gives every item probability 1 at the full budget", () => {
    expect(probabilitiesFor([3, 1], 2)).toEqual([1, 1]);
  });
});

describe("inclusionProbabilities", () => {
  const forecasts = [0.5, 0.01, 0.1, 0.3, 0.05, 0.9];
  it("risk: sums to the budget, larger where the forecast is least sure, never 0", () => {
    const p = inclusionProbabilities({ design: "risk", items: 6, budget: 3, forecasts, floor: 0.2 });
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(3, 12);
    expect(p[0]).toBeGreaterThan(p[1] as number);
    expect(Math.min(...p)).toBeGreaterThan(0);
    // weights: floor + (1 - floor) * w / mean(w), w = sqrt(p(1-p)) (p clipped to [0.01, 0.99])
    const w = forecasts.map(riskWeight);
    const m = w.reduce((s, x) => s + x, 0) / 6;
    const raw = w.map((x) => 0.2 + (0.8 * x) / m);
    const lambda = 3 / raw.reduce((s, x) => s + x, 0);
    p.forEach((x, i) => {
      expect(x).toBeCloseTo(lambda * (raw[i] as number), 12);
    });
  });
  it("uniform: budget / items", () => {
    expect(inclusionProbabilities({ design: "uniform", items: 4, budget: 1 })).toEqual([
      0.25, 0.25, 0.25, 0.25,
    ]);
  });
  it("risk without a forecast for every item is refused", () => {
    expect(() => inclusionProbabilities({ design: "risk", items: 3, budget: 1, forecasts: [0.1] })).toThrow(
      /forecast for every item/,
    );
  });
  it("a larger budget draws a superset of the same items (permanent random numbers)", () => {
    const items = Array.from({ length: 500 }, (_, i) => `item-${i}`);
    const prn = items.map((k) => permanentRandomNumber(7, k));
    const f = items.map((_, i) => ((i * 37) % 100) / 100);
    const small = drawPoisson(
      inclusionProbabilities({ design: "risk", items: 500, budget: 50, forecasts: f }),
      prn,
    );
    const large = drawPoisson(
      inclusionProbabilities({ design: "risk", items: 500, budget: 100, forecasts: f }),
      prn,
    );
    small.forEach((drawn, i) => {
      if (drawn) expect(large[i]).toBe(true);
    });
    expect(large.filter(Boolean).length).toBeGreaterThan(small.filter(Boolean).length);
  });
});

describe("permanentRandomNumber", () => {
  it("depends on the seed and key only, and is uniform-looking", () => {
    expect(permanentRandomNumber(1, "a")).toBe(permanentRandomNumber(1, "a"));
    expect(permanentRandomNumber(1, "a")).not.toBe(permanentRandomNumber(2, "a"));
    const xs = Array.from({ length: 2000 }, (_, i) => permanentRandomNumber(3, String(i)));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.47);
    expect(mean).toBeLessThan(0.53);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});

describe("parseBudget", () => {
  it("reads items and percentages", () => {
    expect(parseBudget("500", 7000)).toBe(500);
    expect(parseBudget("10%", 7000)).toBeCloseTo(700, 9);
  });
  it("refuses a budget above the grid, below an interval's need, or unreadable", () => {
    expect(() => parseBudget("8000", 7000)).toThrow(/larger than the grid \(7000 items/);
    expect(() => parseBudget("101%", 7000)).toThrow(/larger than the grid/);
    expect(() => parseBudget(String(MIN_SAMPLE_ITEMS - 1), 7000)).toThrow(
      /fewer than the 30 an interval needs/,
    );
    expect(() => parseBudget("0.1%", 7000)).toThrow(/fewer than/);
    expect(() => parseBudget("ten", 7000)).toThrow(/neither a number of items nor a percentage/);
  });
});
