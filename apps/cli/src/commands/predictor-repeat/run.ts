import { InputError, readRun } from "@valens/core";
import { checkKindForTask, evaluateRepeatedSplits, type RepeatedEvaluation } from "@valens/gap-predictor";
import { status } from "../../output.js";
import { parseFeatures } from "../predictor/split.js";
import type { PredictorRepeatOptions } from "./options.js";

export async function runPredictorRepeat(options: PredictorRepeatOptions): Promise<RepeatedEvaluation> {
  const features = parseFeatures(options.features);
  checkKindForTask(options.kind, options.task);
  const runs = [];
  for (const dir of options.dirs) runs.push(await readRun(dir));
  if (runs.every((run) => run.task2.length === 0))
    throw new InputError(
      `No Task-2 answers in ${options.dirs.length === 1 ? "the run" : "any of the runs"}: a predictor learns from Task 2`,
      {
        file: options.dirs.join(", "),
        hint: "Evaluate on runs with Task 2 (`valens eval --tasks 1,2`, or `import released` with --t2-log/--t2)",
      },
    );
  const split =
    options.split === "random"
      ? ({ kind: "random", testFraction: 0.2 } as const)
      : ({
          kind: "groups",
          by: options.split.replace("-groups", "") as "country" | "topic" | "scenario",
          fraction: options.groupFraction,
        } as const);
  return evaluateRepeatedSplits({
    runs,
    task: options.task,
    features,
    split,
    repeats: options.repeats,
    firstSeed: options.seed,
    kind: options.kind,
    ...(options.maxEpochs ? { hyperparameters: { maxEpochs: options.maxEpochs } } : {}),
    onSplit: (result, index) =>
      status(
        `split ${index + 1}/${options.repeats} (seed ${result.seed}): ${result.n} held out, AP ${result.predictor.ap?.toFixed(3) ?? "–"}`,
      ),
  });
}
