import { describe, expect, it } from "vitest";
import { benjaminiHochberg, holm } from "./p-adjust.js";

// The 15 p-values of Benjamini & Hochberg (1995), section 4.
const bh1995 = [
  0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
  0.759, 1,
];

describe("p-value adjustment", () => {
  it("BH reproduces R's p.adjust(p, 'BH') on Benjamini & Hochberg's example (4 discoveries at 0.05)", () => {
    const q = benjaminiHochberg(bh1995) as number[];
    const expected = [
      0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714, 0.06385714, 0.0645, 0.0765, 0.486, 0.5811818,
      0.714875, 0.7532308, 0.8132143, 1,
    ];
    for (const [i, value] of q.entries()) expect(value).toBeCloseTo(expected[i] as number, 6);
    expect(q.filter((value) => value <= 0.05)).toHaveLength(4);
  });

  it("Holm reproduces R's p.adjust(p, 'holm') on the same example", () => {
    const adjusted = holm(bh1995) as number[];
    const expected = [0.0015, 0.0056, 0.0247, 0.114, 0.2211, 0.278, 0.278, 0.278, 0.3213, 1, 1, 1, 1, 1, 1];
    for (const [i, value] of adjusted.entries()) expect(value).toBeCloseTo(expected[i] as number, 10);
  });

  it("keeps the input order and leaves untested (null) entries out of the family", () => {
    expect(holm([0.04, null, 0.01, 0.03])).toEqual(
      [0.06, null, 0.03, 0.06].map((x) => (x === null ? x : expect.closeTo(x, 12))),
    );
    expect(benjaminiHochberg([0.04, null, 0.01, 0.03])).toEqual(
      [0.04, null, 0.03, 0.04].map((x) => (x === null ? x : expect.closeTo(x, 12))),
    );
    expect(holm([null])).toEqual([null]);
    expect(holm([])).toEqual([]);
  });

  it("rejects values outside [0, 1]", () => {
    expect(() => holm([1.2])).toThrow(RangeError);
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(RangeError);
  });
});
