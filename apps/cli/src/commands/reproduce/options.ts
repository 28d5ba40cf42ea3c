import { z } from "zod";
import type { CommandSpec } from "../../cli/option-spec.js";
import { COUNT } from "../../cli/rules.js";
import { releasedManifest } from "../../reproduce/released-manifest.js";

export const reproduceOptionsSchema = z.object({
  out: z.string(),
  from: z.string().optional(),
  models: z.array(z.string()).optional(),
  cacheDir: z.string().optional(),
  mirror: z.string().optional(),
  timeout: z.number(),
  missing: z.enum(["exclude", "agree"]),
  distance: z.enum(["study", "item"]),
  bootstrap: z.number(),
  seed: z.number(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
});
export type ReproduceOptions = z.infer<typeof reproduceOptionsSchema>;

const names = (isDefault: boolean) =>
  releasedManifest.models
    .filter((m) => Boolean(m.default) === isDefault)
    .map((m) => m.name)
    .join(", ");

export const reproduceSpec: CommandSpec<typeof reproduceOptionsSchema> = {
  name: "reproduce",
  description:
    "Download the study's published VIA dataset and model outputs, import each model, and write one comparison report",
  options: [
    {
      flags: "-o, --out <dir>",
      description: "output directory: runs/<model>/, report.html, report-tables/, report.json",
      mandatory: true,
    },
    {
      flags: "--from <dir>",
      description: "use local copies laid out as via/via_full.csv and released/* instead of downloading",
    },
    {
      flags: "--models <names...>",
      description: `models to import, space- or comma-separated (default: ${names(true)}; also: ${names(false)})`,
      value: { type: "list" },
    },
    {
      flags: "--cache-dir <dir>",
      description: "where downloads are kept and reused (default: ~/.cache/valens/released/<commit>)",
    },
    {
      flags: "--mirror <url>",
      description: "download from this base URL instead of raw.githubusercontent.com (same paths)",
    },
    { flags: "--timeout <seconds>", description: "per-file download timeout", value: COUNT, default: 120 },
    {
      flags: "--missing <policy>",
      description: "items without a Task-2 answer: exclude (valens) or agree (the study's notebooks)",
      choices: ["exclude", "agree"],
      default: "exclude",
    },
    {
      flags: "--distance <kind>",
      description:
        "distance of the report's heatmaps and rankings: the study's (cell means first) or item-level",
      choices: ["study", "item"],
      default: "study",
    },
    {
      flags: "--bootstrap <n>",
      description: "bootstrap resamples for the 95% intervals (0: none)",
      value: COUNT,
      default: 1000,
    },
    { flags: "--seed <n>", description: "bootstrap seed", value: COUNT, default: 1 },
    { flags: "--force", description: "replace a non-empty --out directory" },
    { flags: "--json", description: "print a summary as JSON on stdout" },
  ],
  help: {
    notes: `Files are pinned to ${releasedManifest.repository}@${releasedManifest.commit.slice(0, 12)} and checked by size,\nsha256 and git blob id (datasets/released-manifest.json). A model whose task-2 file is not available\nis imported task-1-only.`,
    examples: [
      "valens reproduce --out reproduction",
      "valens reproduce --from ../shared/data --out reproduction",
      "valens reproduce --models claude-sonnet-4 gpt-4o --out reproduction --json",
    ],
  },
  schema: reproduceOptionsSchema,
};
