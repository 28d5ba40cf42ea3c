import { describe, expect, it } from "vitest";
import { krippendorffAlpha } from "./krippendorff.js";

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
// 12 units, values 1-5, with missing data (undefined). Published: nominal .743, ordinal .815,
// interval .849.
const observers: (number | undefined)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, undefined, undefined, undefined],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, undefined, 3],
  [undefined, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, undefined],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, undefined],
];
const units = Array.from({ length: 12 }, (_, u) =>
  observers.map((o) => o[u]).filter((v): v is number => v !== undefined),
);

describe("krippendorffAlpha", () => {
  it("reproduces the published nominal, ordinal and interval alphas of Krippendorff's example", () => {
    expect(krippendorffAlpha(units, "nominal")).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(units, "ordinal")).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(units, "interval")).toBeCloseTo(0.849, 3);
  });

  it("is 1 for perfect agreement and ignores units with a single value", () => {
    expect(krippendorffAlpha([[1, 1], [2, 2, 2], [4, 4], [3]], "ordinal")).toBe(1);
  });

  it("is null when alpha is undefined (one category, or nothing pairable)", () => {
    expect(
      krippendorffAlpha(
        [
          [2, 2],
          [2, 2],
        ],
        "ordinal",
      ),
    ).toBeNull();
    expect(krippendorffAlpha([[1], [2]], "nominal")).toBeNull();
  });

  it("is below 0 for systematic disagreement", () => {
    expect(
      krippendorffAlpha(
        [
          [1, 4],
          [4, 1],
          [1, 4],
        ],
        "ordinal",
      ) as number,
    ).toBeLessThan(0);
  });
});
