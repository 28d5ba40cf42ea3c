import { readdirSync } from "node:fs";
import { importVia, type ViaImport } from "@valens/core";
import { hasSharedData, sharedDataPath } from "@valens/core/test";
import { describe, expect, it } from "vitest";

import { importTask1 } from "./task1.js";
import { importTask2Samples } from "./task2-samples.js";

const present = hasSharedData(["via", "via_full.csv"], ["released", "claude-sonnet-4_t1.csv"]);

// Counts with the current parser; a change here means the parser reads the study's files differently.
const task1Counts: Record<
  string,
  { records: number; failed: number; ratings: number; unrecognized: number }
> = {
  "claude-sonnet-4": { records: 1056, failed: 3, ratings: 58968, unrecognized: 0 },
  "gpt-4o-mini": { records: 1056, failed: 0, ratings: 59087, unrecognized: 1 },
  "gpt-4o": { records: 872, failed: 5, ratings: 48552, unrecognized: 0 },
  "gpt-3.5-turbo": { records: 1056, failed: 0, ratings: 59135, unrecognized: 0 },
  "gemma-2-9b-it": { records: 1056, failed: 3, ratings: 58967, unrecognized: 1 },
  "llama-3.3-70b-instruct": { records: 1056, failed: 0, ratings: 59136, unrecognized: 6 },
};

describe.skipIf(!present)("the study's released files", () => {
  let viaImport: Promise<ViaImport> | undefined;
  const loadVia = () => {
    viaImport ??= importVia(sharedDataPath("via", "via_full.csv"));
    return viaImport;
  };

  it.each(Object.keys(task1Counts))("imports the task-1 file of %s, losing no answer", async (model) => {
    const t1 = await importTask1(sharedDataPath("released", `${model}_t1.csv`));
    expect(t1.counts).toMatchObject(task1Counts[model] as object);
    expect(t1.records).toHaveLength(t1.counts.records);
    expect(t1.records.filter((r) => r.parseStatus === "failed").every((r) => r.raw.length > 0)).toBe(true);
  });

  it("maps every sample file's answers back to polarities consistently across option orders", async () => {
    const dir = sharedDataPath("released", "task2-samples");
    const via = await loadVia();
    for (const name of readdirSync(dir).filter((f) => f.startsWith("task2_results_"))) {
      const samples = await importTask2Samples(`${dir}/${name}`, { via });
      expect(samples.counts).toMatchObject({
        rows: 50,
        answers: 400,
        matchedOptions: 100,
        unmatchedOptions: 0,
      });
      // Every answer is JSON; the only unreadable ones are refusals that name no option
      // (Claude Sonnet 4 has 4 of them).
      expect(samples.counts.failed, name).toBe(samples.counts.noOption);
      if (name.includes("claude")) expect(samples.counts.noOption).toBe(4);
      // Every model picks the positive action most of the time in every variant; a wrong
      // mapping of the reversed variants would flip their share to a small minority.
      for (let variant = 0; variant < 8; variant++) {
        const answered = samples.records.filter((r) => r.variant === variant && r.chosen !== null);
        const positive = answered.filter((r) => r.chosen === "positive").length;
        expect(positive / answered.length, `${name} variant ${variant}`).toBeGreaterThan(0.7);
      }
    }
  });
});
