import type { Task1Record, Task2Record } from "@valens/core";

export interface Task1Coverage {
  /** Items (country, topic, value) of the run. */
  items: number;
  /** Items with at least one parsed rating. */
  rated: number;
  /** rated / items. */
  share: number;
  /** Task-1 answers (scenario x variant x sample). */
  records: number;
  clean: number;
  repaired: number;
  /** Answers that could not be read at all (kept in the run with their raw text). */
  failed: number;
  /** Scenarios with at least one Task-1 answer. */
  scenarios: number;
  variants: number[];
}

export interface Task2Coverage {
  items: number;
  /** Items with at least one answer that named an option. */
  answered: number;
  /** answered / items. */
  share: number;
  records: number;
  /** Answers that named no option (refusals, unreadable text). */
  unanswered: number;
  failed: number;
  variants: number[];
}

export function task1Coverage(task1: readonly Task1Record[], items: number, rated: number): Task1Coverage {
  const counts = statusCounts(task1);
  return {
    items,
    rated,
    share: items === 0 ? 0 : rated / items,
    records: task1.length,
    ...counts,
    scenarios: new Set(task1.map((r) => `${r.country}|${r.topic}`)).size,
    variants: ascending(new Set(task1.map((r) => r.variant))),
  };
}

export function task2Coverage(task2: readonly Task2Record[], items: number, answered: number): Task2Coverage {
  let unanswered = 0;
  let failed = 0;
  const variants = new Set<number>();
  for (let i = 0; i < task2.length; i++) {
    const record = task2[i] as Task2Record;
    if (record.chosen === null) unanswered++;
    if (record.parseStatus === "failed") failed++;
    variants.add(record.variant);
  }
  return {
    items,
    answered,
    share: items === 0 ? 0 : answered / items,
    records: task2.length,
    unanswered,
    failed,
    variants: ascending(variants),
  };
}

function statusCounts(records: readonly { parseStatus: "clean" | "repaired" | "failed" }[]) {
  const counts = { clean: 0, repaired: 0, failed: 0 };
  for (const record of records) counts[record.parseStatus]++;
  return counts;
}

const ascending = (numbers: Iterable<number>): number[] => [...numbers].sort((a, b) => a - b);
