import { z } from "zod";
import type { CommandSpec } from "../../cli/option-spec.js";

export const checkOptionsSchema = z.object({ dir: z.string(), json: z.boolean().optional() });
export type CheckOptions = z.infer<typeof checkOptionsSchema>;

export const checkSpec: CommandSpec<typeof checkOptionsSchema> = {
  name: "check",
  description:
    "Check a run for reversed option order or polarity: are the explanations closer to the chosen action's text than to the other's, and does any variant's agreement with the stated stance fall far below the others'?",
  arguments: [{ name: "<run-dir>", description: "a run directory", key: "dir" }],
  options: [{ flags: "--json", description: "print the check as JSON" }],
  help: { examples: ["valens check runs/qwen3-32b"] },
  schema: checkOptionsSchema,
};
