import { InputError, readRun } from "@valens/core";
import {
  evaluateRepeatedSplits,
  type FeatureGroup,
  featureGroupSchema,
  type RepeatedEvaluation,
} from "@valens/gap-predictor";
import { status } from "../../output.js";
import type { PredictorRepeatOptions } from "./options.js";

function featureGroups(names: readonly string[]): FeatureGroup[] {
  if (names.length === 0)
    throw new InputError("--features is empty", {
      hint: "Give one or more of action, attributions, explanation",
    });
  return names.map((name) => {
    const parsed = featureGroupSchema.safeParse(name);
    if (!parsed.success)
      throw new InputError(`Unknown feature group "${name}"`, {
        hint: "Use action, attributions, explanation",
      });
    return parsed.data;
  });
}

export async function runPredictorRepeat(options: PredictorRepeatOptions): Promise<RepeatedEvaluation> {
  const features = featureGroups(options.features);
  if (options.kind === "logistic" && options.task !== "gap")
    throw new InputError("The logistic predictor is for the gap task", {
      hint: "Use --kind network (or auto) for --task choice",
    });
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
