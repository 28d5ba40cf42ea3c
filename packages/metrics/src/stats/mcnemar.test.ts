import { describe, expect, it } from "vitest";
import { exactMcNemar } from "./mcnemar.js";

/** The two-sided exact p in exact rational arithmetic: an independent reference for the tails. */
function exactReference(b: number, c: number): number {
  const n = b + c;
  let coefficient = 1n;
  let tail = 0n;
  for (let k = 0; k <= Math.min(b, c); k++) {
    tail += coefficient;
    coefficient = (coefficient * BigInt(n - k)) / BigInt(k + 1);
  }
  const scale = 10n ** 30n;
  const p = Number((2n * tail * scale) / 2n ** BigInt(n)) / 1e30;
  return Math.min(1, p);
}

describe("exactMcNemar", () => {
  it("matches the exact conditional p of Fagerland, Lydersen & Laake (2013), b=1, c=7: 0.0703", () => {
    expect(exactMcNemar(1, 7).pValue).toBeCloseTo(0.0703125, 12);
  });

  it("matches Agresti's presidential approval table (150 vs 86 discordant), R binom.test 3.716e-05", () => {
    const { pValue } = exactMcNemar(150, 86);
    expect(pValue).toBeCloseTo(3.7159361395713866e-5, 15);
    expect(pValue).toBeCloseTo(exactReference(150, 86), 15);
  });

  it("is symmetric in b and c, and 1 without discordant pairs or with b = c", () => {
    expect(exactMcNemar(30, 12).pValue).toBe(exactMcNemar(12, 30).pValue);
    expect(exactMcNemar(12, 30).pValue).toBeCloseTo(0.007915897334896727, 14);
    expect(exactMcNemar(0, 0).pValue).toBe(1);
    expect(exactMcNemar(4, 4).pValue).toBe(1);
    expect(exactMcNemar(0, 5).pValue).toBeCloseTo(0.0625, 14);
  });

  it("agrees with exact rational arithmetic over many tables", () => {
    for (const [b, c] of [
      [0, 1],
      [2, 9],
      [17, 40],
      [55, 61],
      [3, 200],
    ] as const)
      expect(exactMcNemar(b, c).pValue).toBeCloseTo(exactReference(b, c), 12);
  });

  it("rejects counts that are not whole numbers", () => {
    expect(() => exactMcNemar(-1, 2)).toThrow(RangeError);
    expect(() => exactMcNemar(1.5, 2)).toThrow(RangeError);
  });
});
