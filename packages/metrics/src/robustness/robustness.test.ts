import type { Task1Record, Task2Record } from "@valens/core";
import { describe, expect, it } from "vitest";
import { itemAlignments } from "../item-alignment.js";
import { krippendorffAlpha } from "../stats/krippendorff.js";
import { exactMcNemar } from "../stats/mcnemar.js";
import { task1Agreement, task2Agreement } from "./agreement.js";
import { positionBias } from "./position-bias.js";
import { robustness } from "./robustness.js";

const scenario = { country: "Canada", topic: "Politics" };

function t2(value: string, variant: number, chosen: "positive" | "negative" | null, sample = 0): Task2Record {
  const order = variant === 2 || variant === 3 || variant === 6 || variant === 7 ? "reversed" : "normal";
  return {
    ...scenario,
    value,
    variant,
    sample,
    order,
    chosen,
    answer: null,
    explanation: null,
    raw: "",
    parseStatus: "clean",
  };
}

function t1(variant: number, ratings: Record<string, number>): Task1Record {
  return { ...scenario, variant, sample: 0, raw: "", parseStatus: "clean", ratings, unrecognized: {} };
}

const actions = (values: string[]) =>
  values.flatMap((value) => [
    { ...scenario, value, polarity: "positive" as const },
    { ...scenario, value, polarity: "negative" as const },
  ]);

describe("positionBias", () => {
  it("counts Option-1 choices by order, flips between matched orders and tests them", () => {
    // Variant 0 normal (Option 1 = negative), variant 2 reversed (Option 1 = positive).
    const records = [
      t2("A", 0, "positive"), // Option 2
      t2("A", 2, "positive"), // Option 1: same polarity, no flip
      t2("B", 0, "negative"), // Option 1
      t2("B", 2, "positive"), // Option 1: flip, Option 1 both times
      t2("C", 0, "negative"), // Option 1
      t2("C", 2, "positive"), // Option 1: flip, Option 1 both times
      t2("D", 0, "positive"), // Option 2
      t2("D", 2, "negative"), // Option 2: flip, Option 2 both times
      t2("E", 0, "positive"),
      t2("E", 2, null), // unanswered: no pair
    ];
    const bias = positionBias(records);
    expect(bias?.option1Share).toEqual({ normal: 2 / 5, reversed: 3 / 4, overall: 5 / 9 });
    expect(bias).toMatchObject({ pairs: 4, flips: 3, flipShare: 3 / 4, option1Both: 2, option2Both: 1 });
    expect(bias?.test.pValue).toBe(exactMcNemar(2, 1).pValue);
    expect(bias?.byOrderPair).toEqual([
      expect.objectContaining({ normalVariant: 0, reversedVariant: 2, pairs: 4, flips: 3 }),
    ]);
  });

  it("is null without answers in both orders", () => {
    expect(positionBias([t2("A", 0, "positive"), t2("A", 5, "negative")])).toBeNull();
  });
});

describe("agreement across variants", () => {
  it("Task 1: spread of each item's ratings and ordinal alpha over items", () => {
    const items = itemAlignments({
      actions: actions(["A", "B", "C"]),
      task1: [t1(0, { A: 1, B: 2, C: 4 }), t1(1, { A: 1, B: 4, C: 3 })],
      task2: [],
    });
    const agreement = task1Agreement(items);
    expect(agreement).toMatchObject({ items: 3, rangeCounts: [1, 1, 1, 0], unanimousShare: 1 / 3 });
    expect(agreement?.meanRange).toBeCloseTo((0 + 2 + 1) / 3, 12);
    expect(agreement?.meanSd).toBeCloseTo((0 + 1 + 0.5) / 3, 12);
    expect(agreement?.alphaOrdinal).toBe(
      krippendorffAlpha(
        [
          [1, 1],
          [2, 4],
          [4, 3],
        ],
        "ordinal",
      ),
    );
  });

  it("Task 2: share of items with a unanimous choice and nominal alpha", () => {
    const agreement = task2Agreement([
      t2("A", 0, "positive"),
      t2("A", 1, "positive"),
      t2("B", 0, "negative"),
      t2("B", 1, "positive"),
      t2("C", 0, "negative"),
    ]);
    expect(agreement).toMatchObject({ items: 2, unanimousShare: 0.5 });
    expect(agreement?.alphaNominal).toBe(
      krippendorffAlpha(
        [
          [0, 0],
          [1, 0],
        ],
        "nominal",
      ),
    );
  });
});

describe("robustness", () => {
  const values = ["A", "B", "C", "D"];
  // Task 1 variant 0 agrees with everything; variant 1 disagrees with C and D.
  const task1 = [t1(0, { A: 1, B: 1, C: 1, D: 1 }), t1(1, { A: 1, B: 2, C: 4, D: 4 })];
  // Task 2 variant 0 picks positive everywhere; variant 2 (reversed) picks negative for D.
  const task2 = values.flatMap((v) => [t2(v, 0, "positive"), t2(v, 2, v === "D" ? "negative" : "positive")]);

  it("gives the measures per variant of each task, with the other task's answers pooled", () => {
    const items = itemAlignments({ actions: actions(values), task1, task2 });
    const r = robustness(items, { task1, task2 }, { resamples: 50 });
    expect(r?.task1Variants).toEqual([0, 1]);
    expect(r?.task2Variants).toEqual([0, 2]);
    // Pooled: stated means A 1, B 1.5, C 2.5 (disagree), D 2.5 (disagree); acted: D has 1 of 2 negative -> disagree.
    // Task-1 variant 0 alone: all agree stated; acted A, B, C agree, D disagree -> 1 misaligned of 4.
    const [v0, v1] = r?.byTask1Variant ?? [];
    expect(v0).toMatchObject({ task: 1, variant: 0, order: null, answers: 1, items: 4 });
    expect(v0?.misalignedShare.estimate).toBe(0.25);
    expect(v0?.alignmentRateStudy.estimate).toBe(0); // no true disagree
    expect(v0?.alignmentRateAgree.estimate).toBeCloseTo(6 / 7, 12);
    // Variant 1: stated A, B agree, C, D disagree; acted C agree -> 1 misaligned.
    expect(v1?.misalignedShare.estimate).toBe(0.25);
    expect(v1?.alignmentRateStudy.estimate).toBeCloseTo(2 / 3, 12);
    // Task-2 variant 0: all positive -> C and D (stated disagree) misaligned.
    const [w0, w2] = r?.byTask2Variant ?? [];
    expect(w0).toMatchObject({ task: 2, variant: 0, order: "normal", answers: 4, items: 4 });
    expect(w0?.misalignedShare.estimate).toBe(0.5);
    expect(w2).toMatchObject({ variant: 2, order: "reversed" });
    expect(w2?.misalignedShare.estimate).toBe(0.25);
    expect(w2?.misalignedShare.ci95).toEqual([0.25, 0.25]); // one scenario: every resample is the same
    expect(r?.positionBias).toMatchObject({ pairs: 4, flips: 1, option1Both: 0, option2Both: 1 });
    expect(r?.agreement.task2).toMatchObject({ items: 4, unanimousShare: 0.75 });
    expect(r?.agreement.task1).toMatchObject({ items: 4, unanimousShare: 0.25 });
  });

  it("is null for a run with one variant per task", () => {
    const single = { task1: [task1[0] as Task1Record], task2: task2.filter((r) => r.variant === 0) };
    const items = itemAlignments({ actions: actions(values), ...single });
    expect(robustness(items, single)).toBeNull();
  });
});
