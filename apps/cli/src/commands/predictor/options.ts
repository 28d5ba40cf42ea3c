import { STUDY_BOUNDARY_ROW, STUDY_TEST_PER_CLASS } from "@valens/gap-predictor";
import { z } from "zod";
import type { GroupSpec } from "../../cli/define-command.js";
import type { CommandSpec } from "../../cli/option-spec.js";
import { POSITIVE_NUMBER, WHOLE_NUMBER } from "../../cli/rules.js";
import {
  EMBEDDING_OPTION_SPECS,
  embeddingOptionsSchema,
  FEATURES_OPTION,
  GROUP_FRACTION,
  KIND_OPTION,
  RUN_DIRS_ARGUMENT,
  TASK_OPTION,
} from "../predictor-shared.js";

export const predictorGroup: GroupSpec = {
  name: "predictor",
  description: "Train and evaluate a predictor of value-action gaps (TensorFlow.js)",
  help: {
    examples: [
      "valens predictor train runs/claude --task gap --out predictors/gap",
      "valens predictor evaluate predictors/gap",
    ],
  },
};

const SPLITS = ["study", "study-full", "country-groups", "topic-groups", "scenario-groups"] as const;

export const trainOptionsSchema = z.object({
  dirs: z.array(z.string()),
  task: z.enum(["gap", "choice"]),
  features: z.array(z.string()),
  holdoutCountries: z.array(z.string()).optional(),
  holdoutTopics: z.array(z.string()).optional(),
  holdoutScenarios: z.array(z.string()).optional(),
  holdoutModels: z.array(z.string()).optional(),
  split: z.enum(SPLITS).optional(),
  groupFraction: z.number().optional(),
  kind: z.enum(["network", "logistic", "auto"]),
  bootstrap: z.number().optional(),
  seed: z.number(),
  maxEpochs: z.number().optional(),
  out: z.string(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
  ...embeddingOptionsSchema.shape,
  pairContext: z.boolean().optional(),
});
export type TrainOptions = z.infer<typeof trainOptionsSchema>;

export const trainSpec: CommandSpec<typeof trainOptionsSchema> = {
  name: "train",
  description: "Train a gap or choice predictor from run directories and save it to a directory.",
  arguments: [RUN_DIRS_ARGUMENT],
  options: [
    TASK_OPTION,
    FEATURES_OPTION,
    {
      flags: "--holdout-countries <list>",
      description: "hold out every item of these countries (comma-separated)",
      value: { type: "list" },
    },
    {
      flags: "--holdout-topics <list>",
      description: "hold out every item of these topics (comma-separated)",
      value: { type: "list" },
    },
    {
      flags: "--holdout-scenarios <list>",
      description: 'hold out these scenarios, as country:topic (e.g. "India:Religion,Egypt:Health")',
      value: { type: "list" },
    },
    {
      flags: "--holdout-models <names>",
      description:
        "hold out every item of these models (their run's model name): transfer to a model the predictor never saw",
      value: { type: "list" },
    },
    {
      flags: "--split <split>",
      description: `study: the study's choice split (train on VIA rows < ${STUDY_BOUNDARY_ROW}, test ${STUDY_TEST_PER_CLASS} chosen + ${STUDY_TEST_PER_CLASS} unchosen rows after); study-full: the same training rows, test every answered row after; country-groups, topic-groups, scenario-groups: seeded random whole groups (--seed) holding --group-fraction of the items`,
      choices: SPLITS,
    },
    {
      flags: "--group-fraction <x>",
      description: "share of the items the random groups hold (default 0.2)",
      value: GROUP_FRACTION,
    },
    KIND_OPTION,
    {
      flags: "--bootstrap <n>",
      description:
        "bootstrap resamples for 95% intervals of the held-out metrics (default 1000 with --split study-full, else 0)",
      value: WHOLE_NUMBER,
    },
    {
      flags: "--seed <n>",
      description: "seed of the split, initialisation and shuffling",
      value: WHOLE_NUMBER,
      default: 1,
    },
    {
      flags: "--max-epochs <n>",
      description: "stop after this many epochs (early stopping usually stops sooner)",
      value: POSITIVE_NUMBER,
    },
    { flags: "--out <dir>", description: "predictor directory to create", mandatory: true },
    { flags: "--force", description: "replace --out if it exists" },
    { flags: "--json", description: "print the held-out evaluation as JSON on stdout" },
    ...EMBEDDING_OPTION_SPECS("add sentence embeddings from an OpenAI-compatible /v1/embeddings endpoint"),
    {
      flags: "--pair-context",
      description: "choice task: also read the item's other action (the alternative shown beside it)",
    },
  ],
  help: {
    notes:
      "Without --holdout-* or --split, a seeded random 20% of the items is held out. With several\nmodels' runs, gap features include how the other training models acted on each item (never a\nmodel's own answers, never its name), and the other-models rule is reported as a baseline.",
    examples: [
      "valens predictor train runs/claude --task gap --holdout-countries India,Nigeria,Germany --seed 1 --out predictors/claude-gap",
      "valens predictor train runs/claude runs/gemma runs/llama --task gap --kind logistic \\\n      --holdout-models llama-3.3-70b-instruct --out predictors/transfer",
    ],
  },
  schema: trainOptionsSchema,
};

export const evaluateOptionsSchema = z.object({
  dir: z.string(),
  runDirs: z.array(z.string()),
  json: z.boolean().optional(),
  byModel: z.boolean().optional(),
  bootstrap: z.number().optional(),
  ...embeddingOptionsSchema.shape,
});
export type EvaluateOptions = z.infer<typeof evaluateOptionsSchema>;

export const evaluateSpec: CommandSpec<typeof evaluateOptionsSchema> = {
  name: "evaluate",
  description: "Metrics of a predictor and its baselines on its held-out items, or on other runs.",
  arguments: [
    { name: "<predictor-dir>", description: "a directory written by `valens predictor train`", key: "dir" },
    {
      name: "[run-dir...]",
      description: "runs to evaluate on (default: the items held out at training time)",
      key: "runDirs",
    },
  ],
  options: [
    { flags: "--json", description: "print one JSON object on stdout" },
    {
      flags: "--by-model",
      description: "one report per model of the examples (baselines fitted on the training models only)",
    },
    {
      flags: "--bootstrap <n>",
      description: "bootstrap resamples for 95% intervals (default 0)",
      value: WHOLE_NUMBER,
    },
    ...EMBEDDING_OPTION_SPECS("embeddings endpoint (predictors trained with --embeddings)"),
  ],
  help: {
    examples: [
      "valens predictor evaluate predictors/claude-gap runs/gpt-4o --json",
      "valens predictor evaluate predictors/transfer --by-model",
    ],
  },
  schema: evaluateOptionsSchema,
};
