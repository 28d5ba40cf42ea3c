import { z } from "zod";
import type { CommandSpec } from "../../cli/option-spec.js";
import { POSITIVE_NUMBER, WHOLE_NUMBER } from "../../cli/rules.js";
import {
  FEATURES_OPTION,
  GROUP_FRACTION,
  KIND_OPTION,
  RUN_DIRS_ARGUMENT,
  TASK_OPTION,
} from "../predictor-shared.js";

const SPLITS = ["scenario-groups", "country-groups", "topic-groups", "random"] as const;

export const predictorRepeatOptionsSchema = z.object({
  dirs: z.array(z.string()).min(1),
  task: z.enum(["gap", "choice"]),
  features: z.array(z.string()),
  split: z.enum(SPLITS),
  groupFraction: z.number(),
  repeats: z.number().int().min(2, "a spread needs at least 2 splits"),
  seed: z.number().int(),
  kind: z.enum(["network", "logistic", "auto"]),
  maxEpochs: z.number().int().optional(),
  json: z.boolean().optional(),
});
export type PredictorRepeatOptions = z.infer<typeof predictorRepeatOptionsSchema>;

export const predictorRepeatSpec: CommandSpec<typeof predictorRepeatOptionsSchema> = {
  name: "repeat",
  description:
    "Train and evaluate on many seeded splits; print each split and the mean ± sd of the predictor and every baseline.",
  arguments: [RUN_DIRS_ARGUMENT],
  options: [
    TASK_OPTION,
    FEATURES_OPTION,
    {
      flags: "--split <split>",
      description:
        "seeded random whole scenarios, countries or topics holding --group-fraction of the items, or a random 20% of the items",
      choices: SPLITS,
      default: "scenario-groups",
    },
    {
      flags: "--group-fraction <x>",
      description: "share of the items the held-out groups hold",
      value: GROUP_FRACTION,
      default: 0.2,
    },
    {
      flags: "--repeats <n>",
      description: "number of splits (seeds --seed, --seed + 1, ...)",
      value: {
        type: "int",
        min: 2,
        fail: {
          as: "commander",
          message: "--repeats must be a whole number >= 2 (a spread needs two splits).",
        },
      },
      default: 8,
    },
    { flags: "--seed <n>", description: "seed of the first split", value: WHOLE_NUMBER, default: 1 },
    KIND_OPTION,
    {
      flags: "--max-epochs <n>",
      description: "stop each training after this many epochs (network)",
      value: POSITIVE_NUMBER,
    },
    { flags: "--json", description: "print one JSON object on stdout (every split, then the summary)" },
  ],
  help: {
    notes:
      "Every split trains a fresh predictor and refits every baseline on that split's training items\nonly; nothing is saved. AP wins count the splits where the predictor's AP is strictly higher.",
    examples: [
      "valens predictor repeat runs/claude --task gap --kind logistic --repeats 8",
      "valens predictor repeat runs/claude runs/gemma runs/llama --task gap --split country-groups --json",
    ],
  },
  schema: predictorRepeatOptionsSchema,
};
