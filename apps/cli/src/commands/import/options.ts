import { z } from "zod";
import type { GroupSpec } from "../../cli/define-command.js";
import type { CommandSpec } from "../../cli/option-spec.js";

export const importGroup: GroupSpec = {
  name: "import",
  description: "Import outputs made elsewhere into a valens run directory",
  help: { examples: ["valens import released --t1 gpt-4o_t1.csv --model gpt-4o --out runs/gpt-4o"] },
};

/** The command's options are the importer's, plus where to write. */
export const releasedOptionsSchema = z.object({
  via: z.string().optional(),
  t1: z.string(),
  t2Log: z.string().optional(),
  t2: z.string().optional(),
  t2Samples: z.string().optional(),
  misaligned: z.string().optional(),
  model: z.string(),
  out: z.string(),
  force: z.boolean().optional(),
});
export type ReleasedOptions = z.infer<typeof releasedOptionsSchema>;

export const releasedSpec: CommandSpec<typeof releasedOptionsSchema> = {
  name: "released",
  description:
    "Read the study's published outputs (VIA CSV, task-1 CSV, task-2 log, CSV or 8-variant samples) into a run directory.",
  options: [
    { flags: "--via <file>", description: "the VIA CSV the task-2 files refer to (required with --t2-log)" },
    {
      flags: "--t1 <file>",
      description: "the study's task-1 CSV (country, topic, response, prompt_index)",
      mandatory: true,
    },
    { flags: "--t2-log <file>", description: "the study's task-2 run log (JSONL; index = 0-based VIA row)" },
    {
      flags: "--t2 <file>",
      description: "the study's task-2 CSV (VIA columns + model_choice, prompt_index)",
    },
    {
      flags: "--t2-samples <file>",
      description: "the 8-variant task-2 samples CSV (option1, option2, evaluation_0..7)",
    },
    {
      flags: "--misaligned <list>",
      description:
        "the authors' misaligned-item list: alone, task 2 is reconstructed from it (needs --via); with a task-2 file, compared with it",
    },
    { flags: "--model <name>", description: "name of the model the outputs came from", mandatory: true },
    { flags: "--out <dir>", description: "run directory to create", mandatory: true },
    { flags: "--force", description: "replace --out if it exists" },
  ],
  help: {
    notes: "Task 2 is optional: a task-1-only run is valid.",
    examples: [
      "valens import released --via via_full.csv --t1 claude-sonnet-4_t1.csv \\\n      --t2-log claude-sonnet-4_t2_log.jsonl --model claude-sonnet-4 --out runs/claude",
      "valens import released --via via_full.csv --t1 gemma-2-9b-it_t1.csv \\\n      --misaligned gemma_misaligned_example.csv --model gemma-2-9b-it --out runs/gemma",
    ],
  },
  schema: releasedOptionsSchema,
};

export const tableOptionsSchema = z.object({
  files: z.array(z.string()),
  map: z.string(),
  model: z.string().optional(),
  out: z.string(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
});
export type TableOptions = z.infer<typeof tableOptionsSchema>;

export const tableSpec: CommandSpec<typeof tableOptionsSchema> = {
  name: "table",
  description:
    "Read a reproduction's CSV files (task 1, task 2 or both) into a run directory, as a mapping file names their columns and conventions.",
  arguments: [
    {
      name: "<csv...>",
      description: "CSV files; each is task 2 if it has every task-2 column of the mapping, else task 1",
      key: "files",
    },
  ],
  options: [
    {
      flags: "--map <file>",
      description: "the mapping file (YAML or JSON; see datasets/mappings/README.md)",
      mandatory: true,
    },
    { flags: "--model <name>", description: "name of the model (default: the mapping's model)" },
    { flags: "--out <dir>", description: "run directory to create", mandatory: true },
    { flags: "--force", description: "replace --out if it exists" },
    { flags: "--json", description: "print what was imported as JSON" },
  ],
  help: {
    examples: [
      "valens import table qwen3-32b_t1_raw.csv qwen3-32b_t2_raw.csv \\\n      --map datasets/mappings/qwen3-32b-replication.yaml --out runs/qwen3-32b",
    ],
  },
  schema: tableOptionsSchema,
};
