import { checkRunConsistency, readRun, runConsistencyWarning } from "@valens/core";
import { computeMetrics, type MetricsReport, readRunSample } from "@valens/metrics";
import { warnIfReversed } from "../../check-warning.js";
import { colors, status } from "../../output.js";
import type { MetricsOptions } from "./options.js";

export async function runMetrics(options: MetricsOptions): Promise<MetricsReport> {
  const { dir } = options;
  const run = await readRun(dir, { actions: "keys" });
  // A hand-edited run still gets its figures, with one line saying what looks edited.
  const edited = runConsistencyWarning(dir, checkRunConsistency(run));
  if (edited) status(colors.yellow(edited));
  // A sampled run (valens eval --task2-budget): the figures become whole-grid estimates.
  const sample = await readRunSample(dir, run.manifest);
  const report = computeMetrics(sample ? { ...run, sample } : run, {
    missing: options.missing,
    bootstrap: options.bootstrap,
    seed: options.seed,
  });
  await warnIfReversed(dir, run);
  return report;
}
