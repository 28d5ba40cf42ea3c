import { describe, expect, it } from "vitest";
import { runTiming, taskSummary } from "./manifest-parts.js";

describe("manifest parts", () => {
  it("times a run, never with a negative duration", () => {
    expect(runTiming(new Date(1000), new Date(3500))).toEqual({
      startedAt: "1970-01-01T00:00:01.000Z",
      finishedAt: "1970-01-01T00:00:03.500Z",
      durationMs: 2500,
    });
    expect(runTiming(new Date(3500), new Date(1000))?.durationMs).toBe(0);
  });

  it("summarises a task's records by variant and parse status", () => {
    const record = (variant: number, parseStatus: "clean" | "repaired" | "failed") => ({
      country: "India",
      topic: "Religion",
      variant,
      sample: 0,
      raw: "{}",
      parseStatus,
      ratings: {},
      unrecognized: {},
    });
    expect(taskSummary([record(3, "clean"), record(1, "failed"), record(3, "repaired")])).toEqual({
      variants: [1, 3],
      records: 3,
      clean: 1,
      repaired: 1,
      failed: 1,
    });
  });
});
