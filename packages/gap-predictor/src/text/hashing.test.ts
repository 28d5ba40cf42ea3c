import { fnv1a32 } from "@valens/core";
import { describe, expect, it } from "vitest";
import { bucketOf, defaultHashing, hashText, words } from "./hashing.js";

describe("tokeniser", () => {
  it("lower-cases words and keeps inner apostrophes", () => {
    expect(words("I don't LIKE it, Ça va? 2024!")).toEqual(["i", "don't", "like", "it", "ça", "va", "2024"]);
    expect(words("  ")).toEqual([]);
  });
});

describe("hashing", () => {
  it("uses 32-bit FNV-1a (reference values)", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("maps into 1..buckets-1 and keeps 0 for padding", () => {
    for (const token of ["a", "b", "hello world", "x y"]) {
      const id = bucketOf(token, 16);
      expect(id).toBeGreaterThanOrEqual(1);
      expect(id).toBeLessThan(16);
    }
  });

  it("puts unigrams before bigrams, pads and truncates", () => {
    const settings = { ...defaultHashing, buckets: 1 << 12, maxTokens: 6 };
    const ids = hashText("Save water daily", settings);
    expect([...ids.slice(0, 3)]).toEqual(["save", "water", "daily"].map((w) => bucketOf(w, 1 << 12)));
    expect([...ids.slice(3, 5)]).toEqual(["save water", "water daily"].map((w) => bucketOf(w, 1 << 12)));
    expect(ids[5]).toBe(0);
    const long = hashText("a b c d e f g h", settings);
    expect([...long]).toEqual(["a", "b", "c", "d", "e", "f"].map((w) => bucketOf(w, 1 << 12)));
    expect([...hashText("Save water daily", { ...settings, bigrams: false })].slice(3)).toEqual([0, 0, 0]);
  });

  it("writes into a shared buffer at an offset", () => {
    const settings = { ...defaultHashing, maxTokens: 4 };
    const out = new Int32Array(8).fill(-1);
    hashText("one", settings, out, 4);
    expect([...out.slice(0, 4)]).toEqual([-1, -1, -1, -1]);
    expect([...out.slice(5)]).toEqual([0, 0, 0]);
  });
});
