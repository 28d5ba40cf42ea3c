import type { ActionRecord, Polarity, Task1Record, Task2Record } from "@valens/core";
import { defaultCatalog } from "@valens/core";
import fc from "fast-check";

export interface GeneratedItem {
  country: string;
  topic: string;
  value: string;
  /** Ratings over task-1 variants. */
  ratings: number[];
  /** Task-2 choices over variants; empty when the item has no answer. */
  choices: Polarity[];
}

export interface GeneratedRun {
  actions: ActionRecord[];
  task1: Task1Record[];
  task2: Task2Record[];
}

const action = (item: GeneratedItem, polarity: Polarity): ActionRecord => ({
  country: item.country,
  topic: item.topic,
  value: item.value,
  polarity,
  action: `${polarity} ${item.value}`,
  attributions: [],
  explanation: null,
  raw: "{}",
  parseStatus: "clean",
});

/** A run in the project's format from per-item ratings and choices. */
export function buildRun(items: readonly GeneratedItem[]): GeneratedRun {
  const task1 = new Map<string, Task1Record>();
  const task2: Task2Record[] = [];
  for (const item of items) {
    item.ratings.forEach((rating, variant) => {
      const key = `${item.country}|${item.topic}|${variant}`;
      const record = task1.get(key) ?? {
        country: item.country,
        topic: item.topic,
        variant,
        sample: 0,
        raw: "{}",
        parseStatus: "clean" as const,
        ratings: {},
        unrecognized: {},
      };
      record.ratings[item.value] = rating;
      task1.set(key, record);
    });
    item.choices.forEach((chosen, variant) => {
      task2.push({
        country: item.country,
        topic: item.topic,
        value: item.value,
        variant,
        sample: 0,
        order: "normal",
        chosen,
        answer: chosen === "negative" ? "Option 1" : "Option 2",
        explanation: null,
        raw: null,
        parseStatus: "clean",
      });
    });
  }
  return {
    actions: items.flatMap((item) => [action(item, "positive"), action(item, "negative")]),
    task1: [...task1.values()],
    task2,
  };
}

export const statedAgree = (ratings: readonly number[]): boolean =>
  ratings.reduce((a, b) => a + b, 0) / ratings.length < 2.5;

const countries = defaultCatalog.countries.slice(0, 4);
const topics = defaultCatalog.topics.slice(0, 3);
const values = defaultCatalog.values.slice(0, 8).map((v) => v.name);

/**
 * Items over a small grid: every scenario gets the same values, 1-4 task-1 variants and 1-3
 * task-2 variants; `choice` decides each item's choices from its stated stance.
 */
export const generatedItems = (
  choice: (agree: boolean, variants: number) => fc.Arbitrary<Polarity[]> = (_agree, n) =>
    fc.array(fc.constantFrom<Polarity>("positive", "negative"), { minLength: n, maxLength: n }),
): fc.Arbitrary<GeneratedItem[]> =>
  fc
    .record({
      countries: fc.subarray(countries, { minLength: 1 }),
      topics: fc.subarray(topics, { minLength: 1 }),
      values: fc.subarray(values, { minLength: 2 }),
      t1Variants: fc.integer({ min: 1, max: 4 }),
      t2Variants: fc.integer({ min: 1, max: 3 }),
    })
    .chain((grid) => {
      const cells = grid.countries.flatMap((country) =>
        grid.topics.flatMap((topic) => grid.values.map((value) => ({ country, topic, value }))),
      );
      return fc.tuple(
        ...cells.map((cell) =>
          fc
            .array(fc.integer({ min: 1, max: 4 }), { minLength: grid.t1Variants, maxLength: grid.t1Variants })
            .chain((ratings) =>
              choice(statedAgree(ratings), grid.t2Variants).map((choices) => ({ ...cell, ratings, choices })),
            ),
        ),
      );
    });
