import { z } from "zod";
import type { CommandSpec } from "../../cli/option-spec.js";

export const templatesOptionsSchema = z.object({ variants: z.boolean().optional() });
export type TemplatesOptions = z.infer<typeof templatesOptionsSchema>;

export const templatesSpec: CommandSpec<typeof templatesOptionsSchema> = {
  name: "templates",
  description: "Print the built-in prompt templates and what each variant number means",
  options: [{ flags: "--variants", description: "print only the variant table" }],
  help: {
    notes: "Save the output, keep the variants you want to change, and pass the file to --templates.",
    examples: ["valens templates > my-templates.json"],
  },
  schema: templatesOptionsSchema,
};
