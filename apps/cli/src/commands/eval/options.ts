import { InputError, UsageError } from "@valens/core";
import { parseVariantSpec } from "@valens/tasks";
import { z } from "zod";
import type { CommandSpec } from "../../cli/option-spec.js";
import {
  GRID_OPTION_SPECS,
  gridOptionsSchema,
  MAX_TOKENS,
  RETRY_UNPARSED,
  RETRY_UNPARSED_DESCRIPTION,
  samplingOptionsSchema,
  TEMPERATURE,
} from "../../grid-options.js";
import { MODEL_OPTION, MODEL_OPTION_SPECS, modelFlagsSchema } from "../../model-options.js";
import { SAMPLE_OPTION_SPECS, sampleOptionsSchema } from "./sample.js";

export const evalOptionsSchema = z.object({
  model: z.array(z.string()),
  tasks: z.string(),
  variants: z.string().optional(),
  task1Variants: z.string().optional(),
  task2Variants: z.string().optional(),
  dataset: z.string().optional(),
  ...gridOptionsSchema.shape,
  ...sampleOptionsSchema.shape,
  ...modelFlagsSchema.shape,
  ...samplingOptionsSchema.shape,
  force: z.boolean().optional(),
  json: z.boolean().optional(),
  wait: z.boolean().optional(),
  out: z.string().optional(),
});
export type EvalOptions = z.infer<typeof evalOptionsSchema>;

export const evalSpec: CommandSpec<typeof evalOptionsSchema> = {
  name: "eval",
  description: "Run Task 1 (stated values) and Task 2 (chosen actions) against one or more models",
  options: [
    {
      ...MODEL_OPTION,
      description: "model to evaluate; repeat for several models",
      mandatory: true,
      repeat: true,
    },
    { flags: "--tasks <list>", description: "tasks to run: 1, 2 or 1,2", default: "1,2" },
    {
      flags: "--variants <spec>",
      description: "prompt variants of both tasks, e.g. 5, 0-7 or 1,3,5 (default: task 1 0-7, task 2 5)",
    },
    { flags: "--task1-variants <spec>", description: "Task 1 variants (default 0-7)" },
    { flags: "--task2-variants <spec>", description: "Task 2 variants (default 5, the study's)" },
    {
      flags: "--dataset <file or run>",
      description: "actions to evaluate: the VIA CSV, a dataset JSONL or a run directory",
    },
    ...GRID_OPTION_SPECS,
    ...SAMPLE_OPTION_SPECS,
    ...MODEL_OPTION_SPECS,
    { flags: "--temperature <t>", description: "sampling temperature", default: "0.2", value: TEMPERATURE },
    { flags: "--max-tokens <n>", description: "most tokens per answer", value: MAX_TOKENS },
    {
      flags: "--templates <file>",
      description: "prompt templates (JSON/YAML) replacing the built-in wording per variant",
    },
    { flags: "--retry-unparsed [rounds]", description: RETRY_UNPARSED_DESCRIPTION, value: RETRY_UNPARSED },
    { flags: "--force", description: "replace an output directory that holds something else" },
    { flags: "--json", description: "print the summary as JSON" },
    {
      flags: "--wait",
      description: "wait for another valens process using the same run directory or store to finish",
    },
    {
      flags: "-o, --out <run-dir>",
      description:
        "run directory to write (one sub-directory per model with several); not needed with --dry-run",
    },
  ],
  help: {
    notes:
      "With several --model, each model's run goes to <out>/<provider-model>/ and all share one plan.\nRe-running the same command resumes: answers already received come from the response store.",
    examples: [
      "valens dataset download --to data",
      'valens eval --model openai:gpt-4o-mini --dataset data/via.jsonl --countries "United States" --out runs/mini',
      "valens metrics runs/mini",
      "valens eval --model openai:gpt-4o-mini --dataset data/via.jsonl --task2-budget 10% --guide predictors/others --out runs/mini-sampled",
    ],
  },
  schema: evalOptionsSchema,
};

export interface TaskSelection {
  task1: boolean;
  task2: boolean;
}

/** --tasks: "1", "2" or "1,2". */
export function parseTasks(spec: string): TaskSelection {
  const parts = spec.split(",").map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p !== "1" && p !== "2"))
    throw new InputError(`--tasks "${spec}" is not a task list`, { hint: 'Use "1", "2" or "1,2"' });
  return { task1: parts.includes("1"), task2: parts.includes("2") };
}

/** The variants of each task; those of a task that does not run are a contradiction, not a choice. */
export function variantsOf(options: EvalOptions, tasks: TaskSelection): { task1: number[]; task2: number[] } {
  if (!tasks.task2 && options.task2Variants !== undefined)
    throw UsageError.conflict(
      `--tasks ${options.tasks}`,
      "--task2-variants",
      "Add 2 to --tasks, or drop --task2-variants",
    );
  if (!tasks.task1 && options.task1Variants !== undefined)
    throw UsageError.conflict(
      `--tasks ${options.tasks}`,
      "--task1-variants",
      "Add 1 to --tasks, or drop --task1-variants",
    );
  const both = options.variants === undefined ? undefined : parseVariantSpec(options.variants);
  return {
    task1:
      options.task1Variants === undefined
        ? (both ?? parseVariantSpec("0-7"))
        : parseVariantSpec(options.task1Variants, "--task1-variants"),
    task2:
      options.task2Variants === undefined
        ? (both ?? [5])
        : parseVariantSpec(options.task2Variants, "--task2-variants"),
  };
}
