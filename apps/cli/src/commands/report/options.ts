import { z } from "zod";
import type { CommandSpec } from "../../cli/option-spec.js";
import { COUNT, POSITIVE } from "../../cli/rules.js";

export const reportOptionsSchema = z.object({
  runDirs: z.array(z.string()),
  out: z.string(),
  format: z.enum(["html", "json"]).optional(),
  csvDir: z.string().optional(),
  csv: z.boolean(),
  predictor: z.string().optional(),
  missing: z.enum(["exclude", "agree"]),
  distance: z.enum(["study", "item"]),
  top: z.number(),
  examples: z.number(),
  bootstrap: z.number(),
  seed: z.number(),
  title: z.string().optional(),
  json: z.boolean().optional(),
});
export type ReportOptions = z.infer<typeof reportOptionsSchema>;

export const reportSpec: CommandSpec<typeof reportOptionsSchema> = {
  name: "report",
  description:
    "Write one self-contained HTML report (or JSON) of one or more runs, with a CSV file per table",
  arguments: [
    {
      name: "<run-dir...>",
      description: "run directories (from valens eval or valens import released)",
      key: "runDirs",
    },
  ],
  options: [
    {
      flags: "-o, --out <file>",
      description: "the report file to write (.html, or .json with --format json)",
      mandatory: true,
    },
    {
      flags: "--format <format>",
      description: "html or json (default: from the --out extension)",
      choices: ["html", "json"],
    },
    {
      flags: "--csv-dir <dir>",
      description: "where to write one CSV per table (default: <out name>-tables/ beside --out)",
    },
    { flags: "--no-csv", description: "do not write the CSV tables" },
    {
      flags: "--predictor <dir>",
      description: "a trained gap predictor: adds its evaluation and a forecast for the first run",
    },
    {
      flags: "--missing <policy>",
      description: "items without a Task-2 answer: exclude them, or count them as agree",
      choices: ["exclude", "agree"],
      default: "exclude",
    },
    {
      flags: "--distance <kind>",
      description: "distance of the heatmaps and rankings: the study's (cell means first) or item-level",
      choices: ["study", "item"],
      default: "study",
    },
    {
      flags: "--top <k>",
      description: "values listed per country and topic in the ranking tables",
      value: POSITIVE,
      default: 5,
    },
    {
      flags: "--examples <n>",
      description: "example misaligned items shown per model",
      value: COUNT,
      default: 8,
    },
    {
      flags: "--bootstrap <n>",
      description: "bootstrap resamples for the 95% intervals (0: none)",
      value: COUNT,
      default: 1000,
    },
    { flags: "--seed <n>", description: "bootstrap seed", value: COUNT, default: 1 },
    { flags: "--title <text>", description: "the report's title" },
    { flags: "--json", description: "print what was written as JSON on stdout" },
  ],
  help: {
    notes:
      "The HTML file opens from disk with no network access: charts are SVG rendered when the report is\nwritten. Outputs are written to a temporary file and renamed, so a report is never half-written.",
    examples: [
      "valens report runs/claude-sonnet-4 --out report.html",
      "valens report runs/gpt-4o runs/claude-sonnet-4 --out compare.html --csv-dir tables/",
      "valens report runs/claude-sonnet-4 --predictor predictors/gap --out report.html",
      "valens report runs/claude-sonnet-4 --format json --out report.json",
      "valens report runs/claude-sonnet-4 --distance item --out item-distance.html",
    ],
  },
  schema: reportOptionsSchema,
};
