import { readRun, writeCsv } from "@valens/core";
import { compareInputs, compareRuns } from "@valens/metrics";
import { COMPARE_CSV_COLUMNS, csvRows, renderCompare } from "../../compare/render-compare.js";
import { colors, printJson, printLine, status } from "../../output.js";
import type { CompareOptions } from "./options.js";

type Comparison = ReturnType<typeof compareRuns>;

export async function runCompare(options: CompareOptions): Promise<Comparison> {
  const runs = [];
  for (const dir of options.dirs) runs.push(await readRun(dir, { actions: "keys" }));
  const report = compareRuns(compareInputs(runs, options.missing), {
    missing: options.missing,
    resamples: options.bootstrap,
    seed: options.seed,
  });
  if (options.csv) {
    await writeCsv(options.csv, COMPARE_CSV_COLUMNS, csvRows(report));
    status(`${colors.green("wrote")} ${options.csv}`);
  }
  return report;
}

export function printCompare(report: Comparison, options: CompareOptions): void {
  if (options.json) printJson(report);
  else printLine(renderCompare(report, options.top));
}
