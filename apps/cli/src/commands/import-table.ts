import { importTable, readMapping, writeRun } from "@valens/core";
import type { Command } from "commander";
import { warnIfReversed } from "../check-warning.js";
import { colors, printJson, printLine, status } from "../output.js";
import { integer } from "../table.js";

interface ImportTableFlags {
  map: string;
  model?: string;
  out: string;
  force?: boolean;
  json?: boolean;
}

/** `valens import table`: any reproduction's CSV files, read as a mapping file says. */
export function registerImportTable(importCommand: Command): void {
  importCommand
    .command("table")
    .description(
      "Read a reproduction's CSV files (task 1, task 2 or both) into a run directory, as a mapping file names their columns and conventions.",
    )
    .argument(
      "<csv...>",
      "CSV files; each is task 2 if it has every task-2 column of the mapping, else task 1",
    )
    .requiredOption("--map <file>", "the mapping file (YAML or JSON; see datasets/mappings/README.md)")
    .option("--model <name>", "name of the model (default: the mapping's model)")
    .requiredOption("--out <dir>", "run directory to create")
    .option("--force", "replace --out if it exists")
    .option("--json", "print what was imported as JSON")
    .addHelpText(
      "after",
      "\nExample:\n  $ valens import table qwen3-32b_t1_raw.csv qwen3-32b_t2_raw.csv \\\n      --map datasets/mappings/qwen3-32b-replication.yaml --out runs/qwen3-32b",
    )
    .action(async (csvFiles: string[], flags: ImportTableFlags) => {
      const mapping = await readMapping(flags.map);
      const result = await importTable({
        files: csvFiles,
        mapping,
        mappingFile: flags.map,
        ...(flags.model === undefined ? {} : { model: flags.model }),
      });
      await writeRun(flags.out, result.run, { force: flags.force ?? false });
      const { manifest } = result.run;
      await warnIfReversed(flags.out, result.run);
      if (flags.json) {
        printJson({
          out: flags.out,
          model: manifest.model.name,
          files: result.files,
          tasks: manifest.tasks,
          checks: result.checks,
          notes: manifest.notes,
        });
        return;
      }
      printLine(`${colors.bold("Imported")} ${manifest.model.name} into ${flags.out}`);
      for (const f of result.files) printLine(`  ${f.file}: task ${f.task}, ${integer(f.rows)} rows`);
      const t1 = manifest.tasks.task1;
      if (t1)
        printLine(
          `  Task 1: ${integer(t1.records)} answers (${integer(t1.clean)} clean, ${integer(t1.repaired)} repaired, ${integer(t1.failed)} unreadable), variants ${t1.variants.join(",")}`,
        );
      const t2 = manifest.tasks.task2;
      if (t2)
        printLine(
          `  Task 2: ${integer(t2.records)} answers (${integer(t2.failed)} unreadable), variants ${t2.variants.join(",")}`,
        );
      for (const [label, check] of [
        ["task-1 ratings equal the source's parse", result.checks.task1Parsed],
        ["task-2 choices equal the source's polarity", result.checks.task2Polarity],
        ["task-2 choices equal the source's parsed option", result.checks.task2Option],
      ] as const) {
        if (check) printLine(`  Check:  ${label} on ${integer(check.agree)} of ${integer(check.compared)}`);
      }
      // The cross-checks are printed above; the manifest keeps them among its notes too.
      for (const note of manifest.notes)
        if (!note.includes("valens's chosen polarity equals") && !note.includes("valens's ratings equal"))
          status(colors.yellow(`note: ${note}`));
    });
}
