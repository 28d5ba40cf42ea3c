import { InputError, readRun } from "@valens/core";
import {
  type EvaluationReport,
  examplesFor,
  type FeatureGroup,
  featureGroupSchema,
  Predictor,
  type SplitSpec,
  STUDY_BOUNDARY_ROW,
  STUDY_TEST_PER_CLASS,
  taskSchema,
  trainPredictor,
} from "@valens/gap-predictor";
import { type Command, Option } from "commander";
import { colors, printJson, printLine, status } from "../output.js";
import {
  embeddingSource,
  list,
  metricsTable,
  positiveNumber,
  reportSummary,
  wholeNumber,
} from "./predictor-shared.js";

interface TrainFlags {
  task: "gap" | "choice";
  features: string;
  holdoutCountries?: string;
  holdoutTopics?: string;
  split?: "study";
  seed: number;
  maxEpochs?: number;
  out: string;
  force?: boolean;
  json?: boolean;
  embeddings?: string;
  baseUrl?: string;
  pairContext?: boolean;
}

interface EvaluateFlags {
  json?: boolean;
  embeddings?: string;
  baseUrl?: string;
}

function parseFeatures(text: string): FeatureGroup[] {
  return list(text).map((name) => {
    const parsed = featureGroupSchema.safeParse(name);
    if (!parsed.success) {
      throw new InputError(`Unknown feature group "${name}"`, {
        hint: "Use action, attributions, explanation",
      });
    }
    return parsed.data;
  });
}

function splitFrom(flags: TrainFlags): SplitSpec {
  const countries = flags.holdoutCountries ? list(flags.holdoutCountries) : [];
  const topics = flags.holdoutTopics ? list(flags.holdoutTopics) : [];
  if (flags.split === "study") {
    if (countries.length > 0 || topics.length > 0) {
      throw new InputError("--split study cannot be combined with --holdout-countries or --holdout-topics");
    }
    return { kind: "study", boundary: STUDY_BOUNDARY_ROW, perClass: STUDY_TEST_PER_CLASS };
  }
  if (countries.length > 0 || topics.length > 0) return { kind: "holdout", countries, topics };
  return { kind: "random", testFraction: 0.2 };
}

function jsonReport(report: EvaluationReport, extra: Record<string, unknown>) {
  return { ...report, ...extra };
}

export function registerPredictor(program: Command): void {
  const command = program
    .command("predictor")
    .description("Train and evaluate a predictor of value-action gaps (TensorFlow.js).")
    .addHelpText(
      "after",
      "\nExample:\n  $ valens predictor train runs/claude --task gap --out predictors/gap\n  $ valens predictor evaluate predictors/gap",
    );

  command
    .command("train")
    .description("Train a gap or choice predictor from run directories and save it to a directory.")
    .argument("<run-dir...>", "run directories (from `valens eval` or `valens import released`)")
    .addOption(
      new Option(
        "--task <task>",
        "gap: will the action contradict the stated stance (per item); choice: is this action chosen",
      )
        .choices(["gap", "choice"])
        .makeOptionMandatory(),
    )
    .option(
      "--features <list>",
      "text features: action plus any of attributions, explanation",
      "action,attributions,explanation",
    )
    .option("--holdout-countries <list>", "hold out every item of these countries (comma-separated)")
    .option("--holdout-topics <list>", "hold out every item of these topics (comma-separated)")
    .addOption(
      new Option(
        "--split <split>",
        `study: the study's choice split (train on VIA rows < ${STUDY_BOUNDARY_ROW}, test ${STUDY_TEST_PER_CLASS} chosen + ${STUDY_TEST_PER_CLASS} unchosen rows after)`,
      ).choices(["study"]),
    )
    .option("--seed <n>", "seed of the split, initialisation and shuffling", wholeNumber("--seed"), 1)
    .option(
      "--max-epochs <n>",
      "stop after this many epochs (early stopping usually stops sooner)",
      positiveNumber("--max-epochs"),
    )
    .requiredOption("--out <dir>", "predictor directory to create")
    .option("--force", "replace --out if it exists")
    .option("--json", "print the held-out evaluation as JSON on stdout")
    .option(
      "--embeddings <provider:model>",
      "add sentence embeddings from an OpenAI-compatible /v1/embeddings endpoint",
    )
    .option("--base-url <url>", "base URL of the embeddings endpoint")
    .option(
      "--pair-context",
      "choice task: also read the item's other action (the alternative shown beside it)",
    )
    .addHelpText(
      "after",
      "\nWithout --holdout-* or --split, a seeded random 20% of the items is held out.\n\nExample:\n  $ valens predictor train runs/claude --task gap --holdout-countries India,Nigeria,Germany --seed 1 --out predictors/claude-gap",
    )
    .action(async (dirs: string[], flags: TrainFlags) => {
      const task = taskSchema.parse(flags.task);
      if (flags.pairContext && task !== "choice")
        throw new InputError("--pair-context applies to --task choice only", {
          hint: "Drop --pair-context, or train with --task choice",
        });
      const features = parseFeatures(flags.features);
      const split = splitFrom(flags);
      const { checkOutputDir } = await import("@valens/core");
      await checkOutputDir(flags.out, flags.force ?? false);
      const embeddings = await embeddingSource(flags.embeddings, flags.baseUrl);
      const runs = [];
      for (const dir of dirs) runs.push(await readRun(dir));
      const trained = await trainPredictor({
        runs,
        task,
        features,
        split,
        seed: flags.seed,
        ...(flags.pairContext ? { pairContext: true } : {}),
        ...(flags.maxEpochs ? { hyperparameters: { maxEpochs: flags.maxEpochs } } : {}),
        ...(embeddings ? { embeddings } : {}),
        onProgress: (line) => status(line),
      });
      const card = await trained.save(flags.out, { force: flags.force ?? false });
      const report = trained.report;
      if (flags.json) {
        printJson({
          out: flags.out,
          backend: card.backend.name,
          split: card.training.splitDescription,
          trainingSeconds: card.training.durationMs / 1000,
          heldOut: report,
        });
        return;
      }
      printLine(`${colors.bold("Trained")} a ${task} predictor -> ${flags.out}`);
      printLine(
        `  backend ${card.backend.name}, ${card.training.examples.fit} training + ${card.training.examples.validation} validation examples, best epoch ${card.training.bestEpoch}/${card.training.epochs}, ${(card.training.durationMs / 1000).toFixed(1)} s`,
      );
      printLine(`  ${card.training.splitDescription}`);
      if (report) {
        printLine(
          `\n${colors.bold("Held-out")} (${reportSummary(report)}; threshold ${report.threshold.toFixed(3)} from validation)`,
        );
        printLine(metricsTable(report));
      }
    });

  command
    .command("evaluate")
    .description("Metrics of a predictor and its baselines on its held-out items, or on other runs.")
    .argument("<predictor-dir>", "a directory written by `valens predictor train`")
    .argument("[run-dir...]", "runs to evaluate on (default: the items held out at training time)")
    .option("--json", "print one JSON object on stdout")
    .option("--embeddings <provider:model>", "embeddings endpoint (predictors trained with --embeddings)")
    .option("--base-url <url>", "base URL of the embeddings endpoint")
    .addHelpText(
      "after",
      "\nExample:\n  $ valens predictor evaluate predictors/claude-gap runs/gpt-4o --json",
    )
    .action(async (dir: string, runDirs: string[], flags: EvaluateFlags) => {
      const predictor = await Predictor.load(dir);
      const embeddings = await embeddingSource(
        flags.embeddings ?? predictor.card.featureSchema.embeddings?.ref,
        flags.baseUrl ?? predictor.card.featureSchema.embeddings?.baseUrl ?? undefined,
      );
      const source = runDirs.length === 0 ? "held-out" : "runs";
      const examples =
        runDirs.length === 0
          ? await predictor.heldOut()
          : (await Promise.all(runDirs.map((runDir) => readRun(runDir)))).flatMap((run) =>
              examplesFor(predictor.task, run),
            );
      if (runDirs.length === 0 && examples.length === 0) {
        throw new InputError("The predictor held out no items at training time", {
          hint: "Pass run directories to evaluate on",
        });
      }
      const report = await predictor.evaluate(examples, embeddings ? { embeddings } : {});
      if (flags.json) {
        printJson(jsonReport(report, { source, backend: predictor.runtime.backend, predictor: dir }));
        return;
      }
      printLine(
        `${colors.bold("Evaluated")} the ${report.task} predictor ${dir} on ${source === "held-out" ? `its held-out items (${predictor.card.training.splitDescription})` : runDirs.join(", ")}`,
      );
      printLine(
        `  ${reportSummary(report)}; backend ${predictor.runtime.backend}; threshold ${report.threshold.toFixed(3)}`,
      );
      if (report.unseenCategories > 0) {
        status(
          colors.yellow(
            `note: ${report.unseenCategories} examples have a country, topic or value not seen in training`,
          ),
        );
      }
      printLine(metricsTable(report));
    });
}
