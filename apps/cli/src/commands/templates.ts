import { defaultTemplates, generationVariants, task1Variants, task2Variants } from "@valens/tasks";
import type { Command } from "commander";
import { addCommand } from "../cli/define-command.js";
import { printJson } from "../output.js";
import { type TemplatesOptions, templatesSpec } from "./templates/options.js";

/** The variant table, or every built-in template. */
const runTemplates = (options: TemplatesOptions): unknown =>
  options.variants === true
    ? { task1: task1Variants, task2: task2Variants, generation: generationVariants }
    : { ...defaultTemplates };

export function registerTemplates(program: Command): void {
  addCommand(program, { spec: templatesSpec, run: runTemplates, print: printJson });
}
