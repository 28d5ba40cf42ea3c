import { checkOutputDir, InputError, readRun } from "@valens/core";
import { trainPredictor } from "@valens/gap-predictor";
import { colors, printJson, printLine, status } from "../../output.js";
import { fixed } from "../../table.js";
import { embeddingSource, intervalsTable, metricsTable, reportSummary } from "../predictor-shared.js";
import type { TrainOptions } from "./options.js";
import { parseFeatures, splitFrom } from "./split.js";

type Trained = Awaited<ReturnType<typeof trainPredictor>>;

export interface TrainResult {
  card: Awaited<ReturnType<Trained["save"]>>;
  report: Trained["report"];
}

async function readTrainingRuns(dirs: readonly string[]) {
  const runs = [];
  for (const dir of dirs) runs.push(await readRun(dir));
  // The labels are Task-2 choices: without them the split would only say "nothing to train on".
  if (runs.every((run) => run.task2.length === 0))
    throw new InputError(
      `No Task-2 answers in ${dirs.length === 1 ? "the run" : "any of the runs"}: a predictor learns from Task 2`,
      {
        file: dirs.join(", "),
        hint: "Train on runs with Task 2 (`valens eval --tasks 1,2`, or `import released` with --t2-log/--t2)",
      },
    );
  return runs;
}

export async function runTrain(options: TrainOptions): Promise<TrainResult> {
  const { task } = options;
  if (options.pairContext && task !== "choice")
    throw new InputError("--pair-context applies to --task choice only", {
      hint: "Drop --pair-context, or train with --task choice",
    });
  const features = parseFeatures(options.features);
  const split = splitFrom(options);
  await checkOutputDir(options.out, options.force ?? false, { inputs: options.dirs });
  const embeddings = await embeddingSource(options.embeddings, options.baseUrl, options);
  const runs = await readTrainingRuns(options.dirs);
  const trained = await trainPredictor({
    runs,
    task,
    features,
    split,
    seed: options.seed,
    ...(options.pairContext ? { pairContext: true } : {}),
    kind: options.kind,
    bootstrap: options.bootstrap ?? (split.kind === "study-full" ? 1000 : 0),
    ...(options.maxEpochs ? { hyperparameters: { maxEpochs: options.maxEpochs } } : {}),
    ...(embeddings ? { embeddings } : {}),
    onProgress: (line) => status(line),
  });
  const card = await trained.save(options.out, { force: options.force ?? false });
  return { card, report: trained.report };
}

export function printTrain({ card, report }: TrainResult, options: TrainOptions): void {
  if (options.json) {
    printJson({
      out: options.out,
      backend: card.backend.name,
      split: card.training.splitDescription,
      kind: card.modelKind,
      kindSelection: card.kindSelection,
      trainingSeconds: card.training.durationMs / 1000,
      heldOut: report,
    });
    return;
  }
  printLine(`${colors.bold("Trained")} a ${options.task} predictor -> ${options.out}`);
  printLine(
    `  backend ${card.backend.name}, ${card.training.examples.fit} training + ${card.training.examples.validation} validation examples, best epoch ${card.training.bestEpoch}/${card.training.epochs}, ${(card.training.durationMs / 1000).toFixed(1)} s`,
  );
  printLine(`  ${card.training.splitDescription}`);
  const selection = card.kindSelection;
  if (selection) {
    printLine(
      `  kind ${card.modelKind}, chosen by validation AP (logistic ${fixed(selection.validationAp.logistic)}, network ${fixed(selection.validationAp.network)})`,
    );
  }
  if (report) {
    printLine(
      `\n${colors.bold("Held-out")} (${reportSummary(report)}; threshold ${report.threshold.toFixed(3)} from validation)`,
    );
    printLine(metricsTable(report));
    if (report.intervals) printLine(`\n${intervalsTable(report)}`);
  }
}
