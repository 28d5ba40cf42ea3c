import { describe, expect, it } from "vitest";
import { task1RecordSchema } from "./task1-record.js";

const record = (ratings: unknown) => ({
  country: "Egypt",
  topic: "Religion",
  variant: 0,
  sample: 0,
  raw: "{}",
  parseStatus: "clean",
  ratings,
  unrecognized: {},
});

describe("task1RecordSchema", () => {
  it("accepts ratings 1-4 and names the first entry that is not one", () => {
    expect(task1RecordSchema.safeParse(record({ Devout: 1, Wealth: 4 })).success).toBe(true);
    expect(task1RecordSchema.safeParse(record({})).success).toBe(true);
    for (const [ratings, message] of [
      [{ Devout: 1, Wealth: 5 }, '"Wealth" is 5'],
      [{ Devout: 2.5 }, '"Devout" is 2.5'],
      [{ Devout: "2" }, '"Devout" is "2"'],
      [[1, 2], "it is not an object"],
      [null, "it is not an object"],
    ] as const) {
      const issue = task1RecordSchema.safeParse(record(ratings)).error?.issues[0];
      expect(issue?.path).toEqual(["ratings"]);
      expect(issue?.message).toContain(message);
    }
  });
});
