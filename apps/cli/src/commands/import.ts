import { type ImportReleasedOptions, importReleasedInto } from "@valens/core";
import type { Command } from "commander";
import { warnIfReversed } from "../check-warning.js";
import { colors, printLine, status } from "../output.js";
import { integer } from "../table.js";
import { registerImportTable } from "./import-table.js";

/** The command's options are the importer's, plus where to write. */
type ImportReleasedFlags = Pick<
  ImportReleasedOptions,
  "via" | "t1" | "t2Log" | "t2" | "t2Samples" | "misaligned" | "model"
> & {
  out: string;
  force?: boolean;
};

export function registerImport(program: Command): void {
  const command = program
    .command("import")
    .description("Import outputs made elsewhere into a valens run directory.")
    .addHelpText(
      "after",
      "\nExample:\n  $ valens import released --t1 gpt-4o_t1.csv --model gpt-4o --out runs/gpt-4o",
    );
  command
    .command("released")
    .description(
      "Read the study's published outputs (VIA CSV, task-1 CSV, task-2 log, CSV or 8-variant samples) into a run directory.",
    )
    .option("--via <file>", "the VIA CSV the task-2 files refer to (required with --t2-log)")
    .requiredOption("--t1 <file>", "the study's task-1 CSV (country, topic, response, prompt_index)")
    .option("--t2-log <file>", "the study's task-2 run log (JSONL; index = 0-based VIA row)")
    .option("--t2 <file>", "the study's task-2 CSV (VIA columns + model_choice, prompt_index)")
    .option("--t2-samples <file>", "the 8-variant task-2 samples CSV (option1, option2, evaluation_0..7)")
    .option(
      "--misaligned <list>",
      "the authors' misaligned-item list: alone, task 2 is reconstructed from it (needs --via); with a task-2 file, compared with it",
    )
    .requiredOption("--model <name>", "name of the model the outputs came from")
    .requiredOption("--out <dir>", "run directory to create")
    .option("--force", "replace --out if it exists")
    .addHelpText(
      "after",
      "\nTask 2 is optional: a task-1-only run is valid.\n\nExample:\n  $ valens import released --via via_full.csv --t1 claude-sonnet-4_t1.csv \\\n      --t2-log claude-sonnet-4_t2_log.jsonl --model claude-sonnet-4 --out runs/claude\n  $ valens import released --via via_full.csv --t1 gemma-2-9b-it_t1.csv \\\n      --misaligned gemma_misaligned_example.csv --model gemma-2-9b-it --out runs/gemma",
    )
    .action(async (flags: ImportReleasedFlags) => {
      // importReleasedInto refuses a bad --out before it reads anything.
      const result = await importReleasedInto(flags.out, { ...flags, force: flags.force ?? false });
      const { manifest } = result;
      printLine(`${colors.bold("Imported")} ${manifest.model.name} into ${flags.out}`);
      if (result.via) {
        const v = result.via;
        printLine(
          `  VIA:    ${integer(v.rows)} rows -> ${integer(result.actions)} actions (${integer(v.clean)} clean, ${integer(v.repaired)} repaired, ${integer(v.failed)} unreadable)`,
        );
      }
      const t1 = manifest.tasks.task1;
      if (t1)
        printLine(
          `  Task 1: ${integer(t1.records)} answers (${integer(t1.clean)} clean, ${integer(t1.repaired)} repaired, ${integer(t1.failed)} unreadable), variants ${t1.variants.join(",")}`,
        );
      const t2 = manifest.tasks.task2;
      printLine(
        t2?.reconstructed
          ? `  Task 2: ${integer(t2.records)} choices reconstructed from the misaligned-item list (${integer(t2.reconstructed.misaligned)} misaligned), variant ${t2.variants.join(",")}`
          : t2
            ? `  Task 2: ${integer(t2.records)} answers (${integer(t2.failed)} unreadable), variants ${t2.variants.join(",")}`
            : "  Task 2: none (alignment measures need Task 2; `valens metrics` reports stated inclinations)",
      );
      const agreement = result.misaligned?.agreement;
      if (agreement)
        printLine(
          `  List:   ${integer(agreement.listed)} listed, ${integer(agreement.run)} misaligned in the run; ${integer(agreement.both)} in both (Jaccard ${agreement.jaccard.toFixed(3)}, ${(100 * agreement.listInRun).toFixed(1)}% of the list found)`,
        );
      for (const note of manifest.notes) status(colors.yellow(`note: ${note}`));
      await warnIfReversed(flags.out);
    });
  registerImportTable(command);
}
