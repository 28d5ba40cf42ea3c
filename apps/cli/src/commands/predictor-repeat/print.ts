import type { RepeatedEvaluation, RepeatedMetric, Spread } from "@valens/gap-predictor";
import { colors, printJson, printLine } from "../../output.js";
import { fixed, formatTable, integer } from "../../table.js";
import type { PredictorRepeatOptions } from "./options.js";

const meanSd = (s: Spread | undefined) =>
  s?.mean === null || s?.mean === undefined ? "–" : `${fixed(s.mean)} ± ${fixed(s.sd)}`;

/** One row per split: held-out size, the predictor's AP, then each baseline's AP. */
function splitsTable(result: RepeatedEvaluation): string {
  const names = Object.keys(result.summary.baselines);
  // With --kind auto each split chose its own kind on its validation items.
  const auto = result.kind === "auto";
  return formatTable(
    ["seed", ...(auto ? ["kind"] : []), "items", "positives", "predictor AP", ...names.map((n) => `${n} AP`)],
    result.splits.map((s) => [
      String(s.seed),
      ...(auto ? [s.kind] : []),
      integer(s.n),
      integer(s.positives),
      fixed(s.predictor.ap),
      ...names.map((n) => fixed(s.baselines[n]?.ap)),
    ]),
  );
}

/** Mean ± sd over the splits of every metric, predictor first, with the predictor's AP wins. */
function summaryTable(result: RepeatedEvaluation): string {
  const metrics: RepeatedMetric[] = ["ap", "auroc", "f1", "brier"];
  const row = (name: string, spreads: Record<RepeatedMetric, Spread>, wins: string) => [
    name,
    ...metrics.map((m) => meanSd(spreads[m])),
    wins,
  ];
  return formatTable(
    ["", "AP", "AUROC", "F1", "Brier", "predictor wins (AP)"],
    [
      row("predictor", result.summary.predictor, ""),
      ...Object.entries(result.summary.baselines).map(([name, spreads]) => {
        const w = result.wins[name];
        return row(`baseline: ${name}`, spreads, w ? `${w.wins}/${w.of}` : "–");
      }),
    ],
  );
}

export function printPredictorRepeat(result: RepeatedEvaluation, options: PredictorRepeatOptions): void {
  if (options.json) {
    printJson({ runs: options.dirs, ...result });
    return;
  }
  const first = result.splits[0]?.split ?? "";
  printLine(
    `${colors.bold("Repeated")} the ${result.task} predictor (${result.kind}) over ${result.repeats} seeded splits (seeds ${result.seeds[0]}-${result.seeds.at(-1)}): ${first}`,
  );
  printLine(`\n${splitsTable(result)}`);
  printLine(`\n${colors.bold("Mean ± sd")} over ${result.repeats} splits (sd: sample standard deviation)`);
  printLine(summaryTable(result));
}
