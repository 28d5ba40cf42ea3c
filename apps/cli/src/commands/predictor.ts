import { InputError, readRun, UsageError } from "@valens/core";
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
import { type Command, InvalidArgumentError, Option } from "commander";
import { addCommand } from "../cli/define-command.js";
import { colors, printJson, printLine, status } from "../output.js";
import { predictorRepeatSpec } from "./predictor-repeat/options.js";
import { printPredictorRepeat } from "./predictor-repeat/print.js";
import { runPredictorRepeat } from "./predictor-repeat/run.js";
import {
  EMBEDDING_LIMIT_OPTIONS,
  embeddingSource,
  intervalsTable,
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
  holdoutScenarios?: string;
  holdoutModels?: string;
  split?: "study" | "study-full" | "country-groups" | "topic-groups" | "scenario-groups";
  groupFraction?: number;
  kind?: "network" | "logistic";
  bootstrap?: number;
  seed: number;
  maxEpochs?: number;
  out: string;
  force?: boolean;
  json?: boolean;
  embeddings?: string;
  baseUrl?: string;
  pairContext?: boolean;
  timeout?: string;
  maxAttempts?: string;
}

interface EvaluateFlags {
  json?: boolean;
  byModel?: boolean;
  bootstrap?: number;
  embeddings?: string;
  baseUrl?: string;
  timeout?: string;
  maxAttempts?: string;
}

function parseFeatures(text: string): FeatureGroup[] {
  if (list(text).length === 0)
    throw new UsageError("--features is empty", {
      hint: "Give one or more of action, attributions, explanation",
    });
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
  const scenarios = flags.holdoutScenarios ? list(flags.holdoutScenarios) : [];
  const models = flags.holdoutModels ? list(flags.holdoutModels) : [];
  const holdout = countries.length + topics.length + scenarios.length > 0;
  const chosen = [
    flags.split ? `--split ${flags.split}` : "",
    models.length > 0 ? "--holdout-models" : "",
    holdout ? "--holdout-countries/topics/scenarios" : "",
  ].filter(Boolean);
  if (chosen.length > 1) {
    throw new InputError(`Choose one way to split: ${chosen.join(", ")} cannot be combined`, {
      hint: "Pass one of --split, --holdout-models, or the --holdout-countries/topics/scenarios lists",
    });
  }
  if (flags.groupFraction !== undefined && !flags.split?.endsWith("-groups"))
    throw new InputError(
      "--group-fraction is only used with --split country-groups|topic-groups|scenario-groups",
    );
  for (const scenario of scenarios) {
    if (!scenario.includes(":"))
      throw new InputError(`Scenario "${scenario}" is not "country:topic"`, {
        hint: 'Write scenarios as country:topic, e.g. --holdout-scenarios "India:Religion,Egypt:Health"',
      });
  }
  if (flags.split === "study")
    return { kind: "study", boundary: STUDY_BOUNDARY_ROW, perClass: STUDY_TEST_PER_CLASS };
  if (flags.split === "study-full") return { kind: "study-full", boundary: STUDY_BOUNDARY_ROW };
  if (flags.split?.endsWith("-groups")) {
    const fraction = flags.groupFraction ?? 0.2;
    return {
      kind: "groups",
      by: flags.split.replace("-groups", "") as "country" | "topic" | "scenario",
      fraction,
    };
  }
  if (models.length > 0) return { kind: "models", models };
  if (holdout) return { kind: "holdout", countries, topics, scenarios };
  return { kind: "random", testFraction: 0.2 };
}

const fraction = (text: string): number => {
  const value = Number(text);
  if (!(value > 0 && value < 1))
    throw new InvalidArgumentError("--group-fraction must be a number between 0 and 1.");
  return value;
};

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
    .option(
      "--holdout-scenarios <list>",
      'hold out these scenarios, as country:topic (e.g. "India:Religion,Egypt:Health")',
    )
    .option(
      "--holdout-models <names>",
      "hold out every item of these models (their run's model name): transfer to a model the predictor never saw",
    )
    .addOption(
      new Option(
        "--split <split>",
        `study: the study's choice split (train on VIA rows < ${STUDY_BOUNDARY_ROW}, test ${STUDY_TEST_PER_CLASS} chosen + ${STUDY_TEST_PER_CLASS} unchosen rows after); study-full: the same training rows, test every answered row after; country-groups, topic-groups, scenario-groups: seeded random whole groups (--seed) holding --group-fraction of the items`,
      ).choices(["study", "study-full", "country-groups", "topic-groups", "scenario-groups"]),
    )
    .option("--group-fraction <x>", "share of the items the random groups hold (default 0.2)", fraction)
    .addOption(
      new Option(
        "--kind <kind>",
        "network: the TensorFlow.js model; logistic: a stance-flip logistic regression on the same features (gap task)",
      )
        .choices(["network", "logistic"])
        .default("network"),
    )
    .option(
      "--bootstrap <n>",
      "bootstrap resamples for 95% intervals of the held-out metrics (default 1000 with --split study-full, else 0)",
      wholeNumber("--bootstrap"),
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
    .option(...EMBEDDING_LIMIT_OPTIONS[0])
    .option(...EMBEDDING_LIMIT_OPTIONS[1])
    .option(
      "--pair-context",
      "choice task: also read the item's other action (the alternative shown beside it)",
    )
    .addHelpText(
      "after",
      "\nWithout --holdout-* or --split, a seeded random 20% of the items is held out. With several\nmodels' runs, gap features include how the other training models acted on each item (never a\nmodel's own answers, never its name), and the other-models rule is reported as a baseline.\n\nExample:\n  $ valens predictor train runs/claude --task gap --holdout-countries India,Nigeria,Germany --seed 1 --out predictors/claude-gap\n  $ valens predictor train runs/claude runs/gemma runs/llama --task gap --kind logistic \\\n      --holdout-models llama-3.3-70b-instruct --out predictors/transfer",
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
      await checkOutputDir(flags.out, flags.force ?? false, { inputs: dirs });
      const embeddings = await embeddingSource(flags.embeddings, flags.baseUrl, flags);
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
      const trained = await trainPredictor({
        runs,
        task,
        features,
        split,
        seed: flags.seed,
        ...(flags.pairContext ? { pairContext: true } : {}),
        kind: flags.kind ?? "network",
        bootstrap: flags.bootstrap ?? (split.kind === "study-full" ? 1000 : 0),
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
        if (report.intervals) printLine(`\n${intervalsTable(report)}`);
      }
    });

  command
    .command("evaluate")
    .description("Metrics of a predictor and its baselines on its held-out items, or on other runs.")
    .argument("<predictor-dir>", "a directory written by `valens predictor train`")
    .argument("[run-dir...]", "runs to evaluate on (default: the items held out at training time)")
    .option("--json", "print one JSON object on stdout")
    .option(
      "--by-model",
      "one report per model of the examples (baselines fitted on the training models only)",
    )
    .option(
      "--bootstrap <n>",
      "bootstrap resamples for 95% intervals (default 0)",
      wholeNumber("--bootstrap"),
    )
    .option("--embeddings <provider:model>", "embeddings endpoint (predictors trained with --embeddings)")
    .option("--base-url <url>", "base URL of the embeddings endpoint")
    .option(...EMBEDDING_LIMIT_OPTIONS[0])
    .option(...EMBEDDING_LIMIT_OPTIONS[1])
    .addHelpText(
      "after",
      "\nExample:\n  $ valens predictor evaluate predictors/claude-gap runs/gpt-4o --json\n  $ valens predictor evaluate predictors/transfer --by-model",
    )
    .action(async (dir: string, runDirs: string[], flags: EvaluateFlags) => {
      const predictor = await Predictor.load(dir);
      const embeddings = await embeddingSource(
        flags.embeddings ?? predictor.card.featureSchema.embeddings?.ref,
        flags.baseUrl ?? predictor.card.featureSchema.embeddings?.baseUrl ?? undefined,
        flags,
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
      const evaluateOptions = { ...(embeddings ? { embeddings } : {}), bootstrap: flags.bootstrap ?? 0 };
      if (flags.byModel) {
        const reports = await predictor.evaluateByModel(examples, evaluateOptions);
        if (flags.json) {
          printJson({ source, backend: predictor.runtime.backend, predictor: dir, byModel: reports });
          return;
        }
        printLine(
          `${colors.bold("Evaluated")} the ${predictor.task} predictor ${dir} per model on ${source === "held-out" ? `its held-out items (${predictor.card.training.splitDescription})` : runDirs.join(", ")}`,
        );
        const trainedOn = predictor.trainingModels;
        for (const [model, report] of Object.entries(reports)) {
          printLine(
            `\n${colors.bold(model)}${trainedOn.includes(model) ? " (a training model)" : " (not a training model)"}: ${reportSummary(report)}`,
          );
          printLine(metricsTable(report));
          if (report.intervals) printLine(`\n${intervalsTable(report)}`);
        }
        return;
      }
      const report = await predictor.evaluate(examples, evaluateOptions);
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
      if (report.intervals) printLine(`\n${intervalsTable(report)}`);
    });
  addCommand(command, { spec: predictorRepeatSpec, run: runPredictorRepeat, print: printPredictorRepeat });
}
