import { describe, expect, it } from "vitest";
import { spreadPick } from "./spread-pick.js";

const item = (country: string, topic: string, value: string) => ({ country, topic, value });

describe("spreadPick", () => {
  it("spreads picks over countries and topics before taking the next-best of one cell", () => {
    // Ranked best first: the first cell (A, x) holds the four largest gaps.
    const ranked = [
      item("A", "x", "v1"),
      item("A", "x", "v2"),
      item("A", "x", "v3"),
      item("A", "x", "v4"),
      item("B", "y", "v5"),
      item("A", "y", "v6"),
      item("C", "z", "v7"),
      item("B", "x", "v8"),
    ];
    const picked = spreadPick(ranked, 4);
    expect(picked.map((p) => p.value)).toEqual(["v1", "v5", "v7", "v2"]);
    expect(new Set(picked.map((p) => p.country)).size).toBe(3);
    expect(new Set(picked.map((p) => p.topic)).size).toBe(3);
  });

  it("prefers a new value among equally spread items, keeps rank order otherwise, and stops at the list's end", () => {
    const ranked = [item("A", "x", "same"), item("B", "y", "same"), item("C", "z", "other")];
    expect(spreadPick(ranked, 2).map((p) => p.country)).toEqual(["A", "C"]);
    expect(spreadPick(ranked, 10)).toHaveLength(3);
    expect(spreadPick([], 3)).toEqual([]);
  });
});
