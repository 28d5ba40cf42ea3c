import { describe, expect, it } from "vitest";
import { parseOption, parseRating } from "./answer-fields.js";

describe("answer fields", () => {
  it("reads ratings and options strictly", () => {
    expect(
      [1, "2", " 3: disagree", "4 (strongly)", "Strongly agree", "not like me at all"].map(parseRating),
    ).toEqual([1, 2, 3, 4, 1, 4]);
    expect([0, 5, "12", "2.5", "maybe", null, {}].map(parseRating)).toEqual(Array(7).fill(undefined));
    expect(["Option 1", "option 2", "2", "Option 1: I vote", 1].map(parseOption)).toEqual([1, 2, 2, 1, 1]);
    expect(["I cannot choose. Option 1 is", "Option 12", "Options", ""].map(parseOption)).toEqual(
      Array(4).fill(undefined),
    );
  });
});
