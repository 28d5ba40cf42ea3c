import { InputError } from "@valens/core";
import { describe, expect, it } from "vitest";
import { syntheticRun } from "../__fixtures__/synthetic-run.js";
import { defaultHashing } from "../text/hashing.js";
import { choiceExamples, gapExamples } from "./examples.js";
import { buildFeatureSchema, encode, flipIndicator, textFieldsFor } from "./features.js";
import { splitExamples, validationSplit } from "./splits.js";

describe("examples", () => {
  const run = syntheticRun();

  it("labels each action chosen or not from Task 2", () => {
    const examples = choiceExamples(run);
    expect(examples).toHaveLength(run.actions.length);
    for (const e of examples) {
      const record = run.task2.find(
        (r) => r.country === e.country && r.topic === e.topic && r.value === e.value,
      );
      expect(e.label).toBe(record?.chosen === e.polarity ? 1 : 0);
    }
    expect(examples[0]?.sourceRow).toBe(0);
  });

  it("joins stated ratings per variant with the acted choice per item", () => {
    const examples = gapExamples(run);
    expect(examples).toHaveLength(run.task2.length);
    const e = examples[0];
    if (!e) throw new Error("no examples");
    const ratings = run.task1
      .filter((r) => r.country === e.country && r.topic === e.topic)
      .map((r) => r.ratings[e.value] as number);
    expect(e.stated.ratings).toBe(8);
    expect(e.stated.mean).toBeCloseTo(ratings.reduce((s, r) => s + r, 0) / 8, 12);
    expect(e.stated.perVariant).toEqual(ratings);
    const stated = (e.stated.mean as number) < 2.5 ? "agree" : "disagree";
    const record = run.task2.find(
      (r) => r.country === e.country && r.topic === e.topic && r.value === e.value,
    );
    const acted = record?.chosen === "positive" ? "agree" : "disagree";
    expect(e.label).toBe(stated === acted ? 0 : 1);
    expect(e.positive.action).toContain("support");
    expect(e.negative.attributions).toBe("reject");
  });

  it("refuses the gap task without Task 1, and leaves items without Task 2 unlabelled", () => {
    expect(() => gapExamples({ ...run, task1: [] })).toThrow(InputError);
    expect(() => gapExamples({ ...run, task1: [] })).toThrow(/needs Task-1/);
    const t1Only = syntheticRun({ withoutTask2: true });
    expect(gapExamples(t1Only).every((e) => e.label === null)).toBe(true);
  });
});

describe("features", () => {
  const run = syntheticRun();
  const examples = gapExamples(run);

  it("lists text fields for the chosen groups, action always first", () => {
    expect(textFieldsFor("choice", ["action", "explanation"])).toEqual(["action", "explanation"]);
    const schema = buildFeatureSchema("gap", ["explanation"], examples);
    expect(schema.textFields).toEqual([
      "positive.action",
      "positive.explanation",
      "negative.action",
      "negative.explanation",
    ]);
    expect(schema.categorical.map((c) => c.name)).toEqual(["country", "topic", "value", "motivationalType"]);
    expect(schema.numeric).toContain("stated.v7.missing");
  });

  it("encodes into flat arrays, unseen categories as 0", () => {
    const schema = buildFeatureSchema("gap", [], examples.slice(0, 10));
    const hashing = { ...defaultHashing, maxTokens: 5 };
    const batch = encode(schema, hashing, examples);
    expect(batch.text).toHaveLength(examples.length * 2 * 5);
    expect(batch.categorical).toHaveLength(examples.length * 4);
    expect(batch.numeric).toHaveLength(examples.length * schema.numeric.length);
    const unseen = examples.findIndex((e) => !schema.categorical[0]?.vocabulary.includes(e.country));
    expect(unseen).toBeGreaterThan(-1);
    expect(batch.categorical?.[unseen * 4]).toBe(0);
    expect(batch.categorical?.[unseen * 4 + 1]).toBeGreaterThan(0);
    expect(batch.categorical?.[0]).toBe(1);
    expect(batch.stance?.[0]).toBe(2 * flipIndicator(examples[0] as never) - 1);
  });

  it("flips on the stated stance (gap) and the polarity (choice)", () => {
    const choice = choiceExamples(run);
    expect(flipIndicator(choice.find((e) => e.polarity === "negative") as never)).toBe(1);
    expect(flipIndicator(choice.find((e) => e.polarity === "positive") as never)).toBe(0);
    const e = examples[0] as (typeof examples)[number];
    expect(flipIndicator({ ...e, stated: { ...e.stated, mean: 2.4 } })).toBe(1);
    expect(flipIndicator({ ...e, stated: { ...e.stated, mean: 2.5 } })).toBe(0);
    expect(flipIndicator({ ...e, stated: { ...e.stated, mean: null } })).toBe(0.5);
  });
});

describe("splits", () => {
  const run = syntheticRun();
  const gap = gapExamples(run);
  const choice = choiceExamples(run);

  it("holds out whole countries, case-insensitively, and names the closest on a typo", () => {
    const country = gap[0]?.country as string;
    const { train, test, spec } = splitExamples(
      "gap",
      gap,
      { kind: "holdout", countries: [country.toUpperCase()], topics: [] },
      1,
    );
    expect(test.every((e) => e.country === country)).toBe(true);
    expect(train.some((e) => e.country === country)).toBe(false);
    expect(spec).toMatchObject({ countries: [country] });
    expect(() =>
      splitExamples("gap", gap, { kind: "holdout", countries: ["Atlantis"], topics: [] }, 1),
    ).toThrow(/No items of country "Atlantis"/);
  });

  it("samples the study split by VIA row with the seed", () => {
    const spec = { kind: "study" as const, boundary: 100, perClass: 10 };
    const a = splitExamples("choice", choice, spec, 1);
    expect(a.test).toHaveLength(20);
    expect(a.test.filter((e) => e.label === 1)).toHaveLength(10);
    expect(a.train.every((e) => (e.sourceRow as number) < 100)).toBe(true);
    expect(a.test.every((e) => (e.sourceRow as number) >= 100)).toBe(true);
    expect(splitExamples("choice", choice, spec, 1).test.map((e) => e.key)).toEqual(a.test.map((e) => e.key));
    expect(splitExamples("choice", choice, spec, 2).test.map((e) => e.key)).not.toEqual(
      a.test.map((e) => e.key),
    );
    expect(() => splitExamples("gap", gap, spec, 1)).toThrow(/choice-task split/);
    expect(() => splitExamples("choice", choice, { ...spec, perClass: 10_000 }, 1)).toThrow(
      /needs 10000 chosen/,
    );
  });

  it("sets whole countries aside for validation when asked", () => {
    const { fit, validation } = validationSplit(gap, 0.2, 1, true);
    const held = new Set(validation.map((e) => e.country));
    expect(fit.some((e) => held.has(e.country))).toBe(false);
    expect(fit.length + validation.length).toBe(gap.length);
    const stratified = validationSplit(gap, 0.2, 1);
    expect(stratified.validation.length).toBeGreaterThan(0);
  });
});
