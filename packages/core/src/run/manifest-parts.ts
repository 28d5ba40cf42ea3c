import type { RunManifest, TaskSummary } from "../schemas/run-manifest.js";
import type { Task1Record } from "../schemas/task1-record.js";
import type { Task2Record } from "../schemas/task2-record.js";

/** A task's manifest summary: its variants and its records by parse status. */
export function taskSummary(records: readonly (Task1Record | Task2Record)[]): TaskSummary {
  const counts = { clean: 0, repaired: 0, failed: 0 };
  for (const record of records) counts[record.parseStatus]++;
  return {
    variants: [...new Set(records.map((r) => r.variant))].sort((a, b) => a - b),
    records: records.length,
    ...counts,
  };
}

/** A run manifest's timing (live or imported); a clock that steps back cannot give a negative duration. */
export function runTiming(startedAt: Date, finishedAt: Date): RunManifest["timing"] {
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
  };
}
