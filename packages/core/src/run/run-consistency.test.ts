import { describe, expect, it } from "vitest";
import { checkRunConsistency, runConsistencyWarning } from "./run-consistency.js";

const t1 = (country: string, sample = 0, ratings: Record<string, number> = { Wealth: 2 }) => ({
  country,
  topic: "Politics",
  variant: 0,
  sample,
  ratings,
});
const t2 = (value: string, sample = 0) => ({
  country: "Nigeria",
  topic: "Politics",
  value,
  variant: 0,
  sample,
});
const summary = (records: number) => ({ variants: [0], records, clean: records, repaired: 0, failed: 0 });
const manifest = (task1: number | null, task2: number | null, parameters: Record<string, unknown> = {}) => ({
  tasks: {
    task1: task1 === null ? null : summary(task1),
    task2: task2 === null ? null : summary(task2),
  },
  parameters,
});

describe("checkRunConsistency", () => {
  it("finds nothing in a run as valens writes it", () => {
    const run = {
      manifest: manifest(2, 2),
      task1: [t1("Nigeria"), t1("Nigeria", 1)],
      task2: [t2("Wealth"), t2("Equality")],
    };
    expect(checkRunConsistency(run)).toEqual([]);
  });

  it("names a record count that disagrees with the manifest", () => {
    const found = checkRunConsistency({ manifest: manifest(3, null), task1: [t1("Nigeria")], task2: [] });
    expect(found).toEqual([
      expect.objectContaining({
        file: "task1.jsonl",
        kind: "count",
        message: expect.stringMatching(/holds 1 records but manifest.json says 3/),
      }),
    ]);
  });

  it("names the first repeated key of each task, by record number", () => {
    const found = checkRunConsistency({
      manifest: manifest(4, 3),
      task1: [t1("Nigeria"), t1("Chile"), t1("Nigeria"), t1("Chile")],
      task2: [t2("Wealth"), t2("Wealth", 1), t2("Wealth", 1)],
    });
    expect(found.map((f) => [f.file, f.kind, f.record])).toEqual([
      ["task1.jsonl", "duplicate", 3],
      ["task2.jsonl", "duplicate", 3],
    ]);
    expect(found[0]?.message).toMatch(
      /record 3 repeats record 1 \(Nigeria \/ Politics, variant 0, sample 0\)/,
    );
  });

  it("names values outside the catalog, unless the run used its own catalog", () => {
    const run = {
      manifest: manifest(1, 1),
      task1: [t1("Nigeria", 0, { Wealth: 1, Telepathy: 2 })],
      task2: [t2("Luck")],
    };
    expect(checkRunConsistency(run).map((f) => [f.file, f.kind, f.record])).toEqual([
      ["task1.jsonl", "unknown-value", 1],
      ["task2.jsonl", "unknown-value", 1],
    ]);
    expect(checkRunConsistency({ ...run, manifest: manifest(1, 1, { catalog: "mine.yaml" }) })).toEqual([]);
  });

  it("makes one warning line naming the file", () => {
    const found = checkRunConsistency({
      manifest: manifest(2, null),
      task1: [t1("Nigeria"), t1("Nigeria")],
      task2: [],
    });
    expect(runConsistencyWarning("runs/a", found)).toMatch(
      /^warning: runs\/a\/task1\.jsonl: record 2 repeats record 1 .*re-import or re-run the run to fix$/,
    );
    expect(runConsistencyWarning("runs/a", [])).toBeNull();
  });
});
