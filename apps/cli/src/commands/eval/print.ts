import { printJson, printLine, status } from "../../output.js";
import type { EvalOptions } from "./options.js";
import type { EvalResult } from "./run.js";
import type { RunSummaryRow } from "./run-one.js";

const HEADER = [
  "model",
  "requests",
  "cache hits",
  "task 1 records",
  "task 2 records",
  "failed",
  "seconds",
  "run directory",
];

function printSummaryTable(rows: readonly RunSummaryRow[]): void {
  const table = [
    HEADER,
    ...rows.map((r) => [
      r.model,
      String(r.requests),
      String(r.cacheHits),
      r.task1,
      r.task2,
      String(r.failedRequests),
      String(r.seconds),
      r.out,
    ]),
  ];
  const widths = HEADER.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length)));
  for (const row of table)
    printLine(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    );
}

export function printEval(result: EvalResult, options: EvalOptions): void {
  if (result.summaries === null) return;
  if (options.json) printJson(result.summaries);
  else printSummaryTable(result.summaries);
  if (result.failedRequests > 0)
    status(
      `valens: ${result.failedRequests} request(s) got no answer after retries (listed in the manifests' notes); rerun the same command to ask only for those`,
    );
}
