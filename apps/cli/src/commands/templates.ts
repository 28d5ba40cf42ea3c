import { defaultTemplates, generationVariants, task1Variants, task2Variants } from "@valens/tasks";
import type { Command } from "commander";
import { printJson } from "../output.js";

export function registerTemplates(program: Command): void {
  program
    .command("templates")
    .description("Print the built-in prompt templates and what each variant number means")
    .option("--variants", "print only the variant table")
    .addHelpText(
      "after",
      "\nSave the output, keep the variants you want to change, and pass the file to --templates.\n\nExample:\n  $ valens templates > my-templates.json",
    )
    .action((raw: Record<string, unknown>) => {
      const variants = { task1: task1Variants, task2: task2Variants, generation: generationVariants };
      printJson(raw.variants === true ? variants : { ...defaultTemplates });
    });
}
