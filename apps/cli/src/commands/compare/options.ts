import { DEFAULT_COMPARE_RESAMPLES } from "@valens/metrics";
import { z } from "zod";
import type { CommandSpec } from "../../cli/option-spec.js";
import { COUNT } from "../../cli/rules.js";

export const compareOptionsSchema = z.object({
  dirs: z.array(z.string()),
  missing: z.enum(["exclude", "agree"]),
  json: z.boolean().optional(),
  csv: z.string().optional(),
  bootstrap: z.number(),
  seed: z.number(),
  top: z.number(),
});
export type CompareOptions = z.infer<typeof compareOptionsSchema>;

export const compareSpec: CommandSpec<typeof compareOptionsSchema> = {
  name: "compare",
  description:
    "Paired significance tests between runs: differences in alignment rate and misaligned share, overall and per country, topic and value",
  arguments: [
    {
      name: "<run-dir...>",
      description: "two or more run directories (from valens eval or valens import)",
      key: "dirs",
    },
  ],
  options: [
    {
      flags: "--missing <policy>",
      description: "items without a Task-2 answer: exclude them, or count them as agree",
      choices: ["exclude", "agree"],
      default: "exclude",
    },
    {
      flags: "--json",
      description: "print the comparison as JSON (kind valens-compare, see docs/compare-json.md)",
    },
    { flags: "--csv <file>", description: "also write one CSV row per tested difference to <file>" },
    {
      flags: "--bootstrap <n>",
      description: "paired bootstrap resamples of scenarios for the 95% intervals (0: none)",
      value: COUNT,
      default: DEFAULT_COMPARE_RESAMPLES,
    },
    { flags: "--seed <n>", description: "bootstrap seed", value: COUNT, default: 1 },
    {
      flags: "--top <k>",
      description: "country, topic and value rows shown in the terminal table",
      value: COUNT,
      default: 15,
    },
  ],
  help: {
    notes: "Differences are second run minus first (b − a), on the items comparable in both runs.",
    examples: ["valens compare runs/gemma runs/claude --csv compare.csv"],
  },
  schema: compareOptionsSchema,
};
