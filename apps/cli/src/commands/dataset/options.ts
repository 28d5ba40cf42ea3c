import { STUDY_VARIANT } from "@valens/tasks";
import { z } from "zod";
import type { GroupSpec } from "../../cli/define-command.js";
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

export const datasetGroup: GroupSpec = {
  name: "dataset",
  description: "Download, generate and validate value-informed action datasets",
  help: { examples: ["valens dataset download --to data", "valens dataset validate data/via.jsonl"] },
};

export const downloadOptionsSchema = z.object({
  to: z.string(),
  from: z.string().optional(),
  sha256: z.string().optional(),
  json: z.boolean().optional(),
});
export type DownloadOptions = z.infer<typeof downloadOptionsSchema>;

export const downloadSpec: CommandSpec<typeof downloadOptionsSchema> = {
  name: "download",
  description: "Fetch the published VIA dataset, verify its sha256 and convert it to the dataset format",
  options: [
    {
      flags: "--to <dir>",
      description: "directory to write via.jsonl and via.manifest.json into",
      default: "data",
    },
    { flags: "--from <file or URL>", description: "a local copy or another URL of the VIA CSV" },
    { flags: "--sha256 <digest>", description: "expected sha256 of the CSV (default: the published file's)" },
    { flags: "--json", description: "print the report as JSON" },
  ],
  help: {
    examples: [
      "valens dataset download --to data",
      "valens dataset download --from ./via_full.csv --to data",
    ],
  },
  schema: downloadOptionsSchema,
};

export const generateOptionsSchema = z.object({
  variant: z.string(),
  ...gridOptionsSchema.shape,
  model: z.string(),
  ...modelFlagsSchema.shape,
  ...samplingOptionsSchema.shape,
  force: z.boolean().optional(),
  out: z.string(),
});
export type GenerateOptions = z.infer<typeof generateOptionsSchema>;

export const generateSpec: CommandSpec<typeof generateOptionsSchema> = {
  name: "generate",
  description: "Generate a VIA-style dataset with a model (both polarities of every item)",
  options: [
    {
      flags: "--variant <n>",
      description: `generation prompt variant 0-7 (default ${STUDY_VARIANT.generation}, the study's)`,
      default: String(STUDY_VARIANT.generation),
    },
    ...GRID_OPTION_SPECS,
    MODEL_OPTION,
    ...MODEL_OPTION_SPECS,
    {
      flags: "--temperature <t>",
      description: "sampling temperature (default: the provider's)",
      value: TEMPERATURE,
    },
    { flags: "--max-tokens <n>", description: "most tokens per answer", value: MAX_TOKENS },
    {
      flags: "--templates <file>",
      description: "prompt templates (JSON/YAML) replacing the built-in wording",
    },
    { flags: "--retry-unparsed [rounds]", description: RETRY_UNPARSED_DESCRIPTION, value: RETRY_UNPARSED },
    { flags: "--force", description: "replace an output file that is not a generated dataset" },
    {
      flags: "-o, --out <dataset.jsonl>",
      description: "dataset file to write (its manifest goes beside it)",
      mandatory: true,
    },
  ],
  help: {
    notes: "Re-running the same command resumes from the response store.",
    examples: [
      "valens dataset generate --model openai:gpt-4o --countries India --topics Religion --out data/india.jsonl",
    ],
  },
  schema: generateOptionsSchema,
};

export const validateOptionsSchema = z.object({
  file: z.string(),
  json: z.boolean().optional(),
  examples: z.number(),
});
export type ValidateOptions = z.infer<typeof validateOptionsSchema>;

export const validateSpec: CommandSpec<typeof validateOptionsSchema> = {
  name: "validate",
  description: "Check every record of a dataset and count the problems by kind",
  arguments: [{ name: "<dataset>", key: "file" }],
  options: [
    { flags: "--json", description: "print the report as JSON" },
    {
      flags: "--examples <n>",
      description: "examples shown per kind",
      default: "3",
      value: {
        type: "int",
        min: 0,
        fail: { as: "input", message: '{flag} must be a whole number, not "{value}"' },
      },
    },
  ],
  help: {
    notes: "Reads a dataset JSONL or the published VIA CSV; exits 2 when any record has a problem.",
    examples: ["valens dataset validate data/via.jsonl --json"],
  },
  schema: validateOptionsSchema,
};
