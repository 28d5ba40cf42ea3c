import { z } from "zod";
import type { CommandSpec } from "../../cli/option-spec.js";
import { WHOLE_NUMBER } from "../../cli/rules.js";
import { EMBEDDING_OPTION_SPECS, embeddingOptionsSchema } from "../predictor-shared.js";

export const forecastOptionsSchema = z.object({
  dir: z.string(),
  runDir: z.string(),
  json: z.boolean().optional(),
  csv: z.boolean().optional(),
  top: z.number().optional(),
  recalibrate: z.boolean(),
  ...embeddingOptionsSchema.shape,
});
export type ForecastOptions = z.infer<typeof forecastOptionsSchema>;

export const forecastSpec: CommandSpec<typeof forecastOptionsSchema> = {
  name: "forecast",
  description:
    "Forecast which items of a run will show a value-action gap, from Task 1 alone, with the expected misaligned share per country, topic and value",
  arguments: [
    {
      name: "<predictor-dir>",
      description: "a gap predictor from `valens predictor train --task gap`",
      key: "dir",
    },
    { name: "<run-dir>", description: "a run with Task 1 (Task 2 is not needed)", key: "runDir" },
  ],
  options: [
    { flags: "--json", description: "print one JSON object on stdout" },
    { flags: "--csv", description: "print the ranked items as CSV on stdout" },
    {
      flags: "--top <k>",
      description: "items (and values) to list; default 20 in tables, all in --json/--csv",
      value: WHOLE_NUMBER,
    },
    {
      flags: "--no-recalibrate",
      description: "keep the predictor's own calibration even when the run has some Task-2 answers",
    },
    ...EMBEDDING_OPTION_SPECS("embeddings endpoint (predictors trained with --embeddings)"),
  ],
  help: {
    notes:
      "When the run has Task-2 answers for some items (a sampled run), the probabilities are first\nrecalibrated on them (calibration: {items, method} in --json); --no-recalibrate turns it off.\nA run with Task 2 for every item is not recalibrated: its forecast is compared with what was seen.\n\nIntervals: 95% normal approximation to the Poisson-binomial count of misaligned items given\nthe calibrated probabilities (outcome uncertainty, not model uncertainty).",
    examples: ["valens forecast predictors/claude-gap runs/gpt-4o-task1 --top 10"],
  },
  schema: forecastOptionsSchema,
};
