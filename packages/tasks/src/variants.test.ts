import { describe, expect, it } from "vitest";
import { generationVariants, parseVariantSpec, task1Variants, task2Variants } from "./variants.js";

describe("variants", () => {
  it("numbers Task 2 as the study's sample files do", () => {
    // task2-samples: variants 2, 3, 6, 7 reversed; odd variants carry an explanation.
    expect(task2Variants.filter((v) => v.order === "reversed").map((v) => v.variant)).toEqual([2, 3, 6, 7]);
    expect(task2Variants.filter((v) => v.explanation).map((v) => v.variant)).toEqual([1, 3, 5, 7]);
    expect(task2Variants[5]).toEqual({ variant: 5, phrasing: 2, order: "normal", explanation: true });
  });

  it("makes generation variant 5 the released dataset's: phrasing B, explanation first, completion", () => {
    expect(generationVariants[5]).toEqual({
      variant: 5,
      phrasing: "B",
      explanation: "first",
      style: "completion",
    });
  });

  it("covers every combination of Task 1's three dimensions once", () => {
    const combos = new Set(task1Variants.map((v) => `${v.form}/${v.options}/${v.style}`));
    expect(combos.size).toBe(8);
  });

  it("parses selections and rejects bad ones", () => {
    expect(parseVariantSpec("5")).toEqual([5]);
    expect(parseVariantSpec("0-7")).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(parseVariantSpec("5,1,0-2")).toEqual([0, 1, 2, 5]);
    for (const bad of ["8", "3-1", "a", "", "1,,2", "0-9"])
      expect(() => parseVariantSpec(bad)).toThrow(/variant selection/);
  });
});
