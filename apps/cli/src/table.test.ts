import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { integer } from "./table.js";

describe("integer", () => {
  it("groups thousands like toLocaleString('en-US')", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (n) => {
        expect(integer(n)).toBe(n.toLocaleString("en-US"));
      }),
    );
    expect(integer(14784)).toBe("14,784");
    expect(integer(2.5)).toBe("2.5");
  });
});
