import { type ActionRecord, defaultCatalog, type Task1Record } from "@valens/core";
import { describe, expect, it } from "vitest";
import { planEval } from "./plan.js";
import { drawTask2Sample, sampleGrid, task1Part, task2PartFor } from "./sample.js";
import { defaultTemplates } from "./templates/load.js";

const values = defaultCatalog.values.slice(0, 40).map((v) => v.name);
const actions: ActionRecord[] = values.flatMap((value) =>
  (["negative", "positive"] as const).map((polarity) => ({
    country: "India",
    topic: "Religion",
    value,
    polarity,
    action: `${polarity} ${value}`,
    attributions: [],
    explanation: null,
    raw: "",
    parseStatus: "clean" as const,
  })),
);
const plan = planEval({
  catalog: defaultCatalog,
  actions,
  tasks: { task1: true, task2: true },
  variants: { task1: [0], task2: [5] },
  templates: defaultTemplates,
  params: {},
});
// Rated: every value but the last five (which Task 1 left unrated: not in the grid).
const task1: Task1Record[] = [
  {
    country: "India",
    topic: "Religion",
    variant: 0,
    sample: 0,
    raw: "",
    parseStatus: "clean",
    ratings: Object.fromEntries(values.slice(0, 35).map((v, i) => [v, (1 + (i % 4)) as 1 | 2 | 3 | 4])),
    unrecognized: {},
  },
];

describe("drawTask2Sample", () => {
  it("draws from the rated items only, with the design's probabilities, and restricts Task 2 to them", () => {
    expect(sampleGrid(plan, task1)).toHaveLength(35);
    const sample = drawTask2Sample({ plan, task1, design: "uniform", budget: 14, seed: 3 });
    expect(sample).toHaveLength(35);
    for (const r of sample) {
      expect(r.inclusion).toBeCloseTo(0.4, 12);
      expect(r.drawn).toBe(r.prn < 0.4);
    }
    const stance = (value: string) => sample.find((r) => r.value === value)?.statedStance;
    expect(stance(values[1] as string)).toBe("agree"); // rating 2
    expect(stance(values[2] as string)).toBe("disagree"); // rating 3
    const t2 = task2PartFor(plan, sample);
    expect(t2.jobs.every((j) => j.meta.task === 2)).toBe(true);
    expect(t2.jobs.map((j) => (j.meta.task === 2 ? j.meta.value : "")).sort()).toEqual(
      sample
        .filter((r) => r.drawn)
        .map((r) => r.value)
        .sort(),
    );
    expect(task1Part(plan).jobs.every((j) => j.meta.task === 1)).toBe(true);
  });
  it("risk design reads the forecast by item key and refuses a missing one", () => {
    const forecast = new Map(
      sampleGrid(plan, task1).map((i, k) => [`${i.country}|${i.topic}|${i.value}`, k / 40]),
    );
    const sample = drawTask2Sample({ plan, task1, design: "risk", budget: 14, seed: 3, forecast });
    expect(sample.reduce((s, r) => s + r.inclusion, 0)).toBeCloseTo(14, 9);
    expect(sample[20]?.inclusion).toBeGreaterThan(sample[1]?.inclusion as number);
    forecast.delete("India|Religion|Wealth");
    expect(() => drawTask2Sample({ plan, task1, design: "risk", budget: 14, seed: 3, forecast })).toThrow(
      /no forecast for item India\|Religion\|Wealth/,
    );
  });
  it("refuses to draw when Task 1 rated nothing", () => {
    expect(() => drawTask2Sample({ plan, task1: [], design: "uniform", budget: 14, seed: 3 })).toThrow(
      /No item has a Task-1 rating/,
    );
  });
});
