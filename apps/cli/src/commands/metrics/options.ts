import { DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_BOOTSTRAP_SEED } from "@valens/metrics";
import { z } from "zod";
import type { CommandSpec } from "../../cli/option-spec.js";
import { WHOLE_NUMBER } from "../../cli/rules.js";

export const metricsOptionsSchema = z.object({
  dir: z.string(),
  missing: z.enum(["exclude", "agree"]),
  json: z.boolean().optional(),
  bootstrap: z.number(),
  seed: z.number(),
  top: z.number(),
});
export type MetricsOptions = z.infer<typeof metricsOptionsSchema>;

export const metricsSpec: CommandSpec<typeof metricsOptionsSchema> = {
  name: "metrics",
  description:
    "Alignment rate, distance, ranking and misalignment of a run, with coverage and 95% bootstrap intervals",
  arguments: [
    {
      name: "<run-dir>",
      description: "a run directory (from `valens import released` or `valens eval`)",
      key: "dir",
    },
  ],
  options: [
    {
      flags: "--missing <policy>",
      description:
        'items without a Task-2 answer: "exclude" them, or count them as "agree" (the study\'s notebooks)',
      choices: ["exclude", "agree"],
      default: "exclude",
    },
    { flags: "--json", description: "print one JSON object on stdout instead of tables" },
    {
      flags: "--bootstrap <n>",
      description: "bootstrap resamples for the 95% intervals (0 skips them)",
      value: WHOLE_NUMBER,
      default: DEFAULT_BOOTSTRAP_RESAMPLES,
    },
    {
      flags: "--seed <n>",
      description: "bootstrap seed",
      value: WHOLE_NUMBER,
      default: DEFAULT_BOOTSTRAP_SEED,
    },
    {
      flags: "--top <k>",
      description: "values listed per country and topic in the ranking tables",
      value: WHOLE_NUMBER,
      default: 3,
    },
  ],
  help: { examples: ["valens metrics runs/claude --missing exclude --json > claude-metrics.json"] },
  schema: metricsOptionsSchema,
};
