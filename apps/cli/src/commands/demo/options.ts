import { z } from "zod";
import type { CommandSpec } from "../../cli/option-spec.js";
import { COUNT } from "../../cli/rules.js";

export const demoOptionsSchema = z.object({
  out: z.string(),
  force: z.boolean().optional(),
  countries: z.number(),
  topics: z.number(),
  task2Variants: z.array(z.number()),
  json: z.boolean().optional(),
});
export type DemoOptions = z.infer<typeof demoOptionsSchema>;

export const demoSpec: CommandSpec<typeof demoOptionsSchema> = {
  name: "demo",
  description:
    "Run the whole pipeline offline against a built-in mock model: dataset, both tasks, measures, predictor, report",
  options: [
    { flags: "-o, --out <dir>", description: "where everything is written", default: "demo-output" },
    { flags: "--force", description: "replace a non-empty --out directory" },
    {
      flags: "--countries <n>",
      description: "countries of the grid (from the catalog's first)",
      value: COUNT,
      default: 2,
    },
    {
      flags: "--topics <n>",
      description: "topics of the grid (from the catalog's first)",
      value: COUNT,
      default: 2,
    },
    {
      flags: "--task2-variants <list>",
      description: "task-2 prompt variants, comma-separated (0-7)",
      default: "0,1,2,3,4,5,6,7",
      value: {
        type: "list",
        item: {
          type: "int",
          min: 0,
          fail: { as: "usage", message: '{flag}: expected a whole number >= 0, got "{value}"' },
        },
      },
    },
    { flags: "--json", description: "print what was done and where as JSON on stdout" },
  ],
  help: {
    notes:
      "No API key and no network: a mock OpenAI-compatible server runs inside the process on loopback\nand plays two models. Takes well under a minute.",
    examples: ["valens demo", "valens demo --out /tmp/valens-demo --force --countries 3"],
  },
  schema: demoOptionsSchema,
};
