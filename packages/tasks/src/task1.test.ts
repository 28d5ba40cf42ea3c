import { defaultCatalog } from "@valens/core";
import { describe, expect, it } from "vitest";
import { task1Record, toRating } from "./task1.js";

const meta = { task: 1 as const, country: "India", topic: "Religion", variant: 3, sample: 0 };

describe("task1Record", () => {
  it("keys ratings by canonical value name and keeps the rest for audit", () => {
    const record = task1Record(
      meta,
      '{"Equality": "2", "honouring parents and elders": 1, "Wealth": 7, "Nonsense": 1}',
      defaultCatalog,
    );
    expect(record.ratings).toEqual({ Equality: 2, "Honoring of Parents and Elders": 1 });
    expect(record.unrecognized).toEqual({ Wealth: 7, Nonsense: 1 });
    expect(record.parseStatus).toBe("clean");
  });

  it("unwraps a single nested object and fails answers that rate nothing", () => {
    expect(task1Record(meta, '{"ratings": {"Wealth": 3}}', defaultCatalog).ratings).toEqual({ Wealth: 3 });
    expect(task1Record(meta, "I cannot answer that.", defaultCatalog)).toMatchObject({
      parseStatus: "failed",
      ratings: {},
    });
    expect(task1Record(meta, '{"foo": 1}', defaultCatalog)).toMatchObject({ parseStatus: "failed" });
  });

  it("reads ratings written as text", () => {
    expect([
      toRating("2 - agree"),
      toRating(3.0),
      toRating("4"),
      toRating(0),
      toRating("2.5"),
      toRating(null),
    ]).toEqual([2, 3, 4, undefined, undefined, undefined]);
  });
});
