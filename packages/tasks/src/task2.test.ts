import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Task2JobMeta } from "./job-meta.js";
import { polarityOf, task2Record } from "./task2.js";
import { task2Variants } from "./variants.js";

const meta = (variant: number): Task2JobMeta => ({
  task: 2,
  country: "India",
  topic: "Religion",
  value: "Wealth",
  variant,
  order: task2Variants[variant]?.order ?? "normal",
  sample: 0,
  option1: "first text",
  option2: "second text",
});

describe("task2Record", () => {
  it("maps the option named back to its polarity under either order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.constantFrom(1, 2), (variant, option) => {
        const record = task2Record(meta(variant), `{"action": "Option ${option}"}`);
        const reversed = [2, 3, 6, 7].includes(variant);
        const expected = (option === 1) !== reversed ? "negative" : "positive";
        expect(record.chosen).toBe(expected);
        expect(record.order).toBe(reversed ? "reversed" : "normal");
        expect(record.parseStatus).toBe("clean");
      }),
    );
    expect(polarityOf(1, "normal")).toBe("negative");
    expect(polarityOf(1, "reversed")).toBe("positive");
  });

  it("reads tolerant answers and keeps failures raw", () => {
    expect(
      task2Record(meta(5), "```json\n{'explanation': 'because', 'action': 'Option 2'}\n```"),
    ).toMatchObject({
      chosen: "positive",
      explanation: "because",
      parseStatus: "repaired",
    });
    expect(task2Record(meta(0), '{"Action": 1}')).toMatchObject({ chosen: "negative", answer: "Option 1" });
    expect(task2Record(meta(0), '{"action": "second text"}')).toMatchObject({ chosen: "positive" });
    expect(task2Record(meta(2), "Option 2: I invest.")).toMatchObject({
      chosen: "negative",
      parseStatus: "repaired",
    });
    expect(task2Record(meta(2), "I cannot pick; Option 1 stresses X.")).toMatchObject({
      chosen: null,
      parseStatus: "failed",
    });
    const failed = task2Record(meta(0), "Option 1 or Option 2, hard to say");
    expect(failed).toMatchObject({
      chosen: null,
      answer: null,
      parseStatus: "failed",
      raw: "Option 1 or Option 2, hard to say",
    });
    expect(task2Record(meta(0), '{"action": "neither"}')).toMatchObject({
      chosen: null,
      parseStatus: "failed",
    });
  });
});
