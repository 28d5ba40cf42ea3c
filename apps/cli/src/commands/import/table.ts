import { writeRun } from "@valens/core";
import { importTable, readMapping } from "@valens/importers";
import { warnIfReversed } from "../../check-warning.js";
import { colors, printJson, printLine, status } from "../../output.js";
import { integer } from "../../table.js";
import type { TableOptions } from "./options.js";

type TableImport = Awaited<ReturnType<typeof importTable>>;

/** `valens import table`: any reproduction's CSV files, read as a mapping file says. */
export async function runTable(options: TableOptions): Promise<TableImport> {
  const mapping = await readMapping(options.map);
  const result = await importTable({
    files: options.files,
    mapping,
    mappingFile: options.map,
    ...(options.model === undefined ? {} : { model: options.model }),
  });
  await writeRun(options.out, result.run, { force: options.force ?? false });
  await warnIfReversed(options.out, result.run);
  return result;
}

function checkLines(checks: TableImport["checks"]): string[] {
  const lines: string[] = [];
  for (const [label, check] of [
    ["task-1 ratings equal the source's parse", checks.task1Parsed],
    ["task-2 choices equal the source's polarity", checks.task2Polarity],
    ["task-2 choices equal the source's parsed option", checks.task2Option],
  ] as const) {
    if (check) lines.push(`  Check:  ${label} on ${integer(check.agree)} of ${integer(check.compared)}`);
  }
  return lines;
}

export function printTable(result: TableImport, options: TableOptions): void {
  const { manifest } = result.run;
  if (options.json) {
    printJson({
      out: options.out,
      model: manifest.model.name,
      files: result.files,
      tasks: manifest.tasks,
      checks: result.checks,
      notes: manifest.notes,
    });
    return;
  }
  printLine(`${colors.bold("Imported")} ${manifest.model.name} into ${options.out}`);
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
  for (const line of checkLines(result.checks)) printLine(line);
  // The cross-checks are printed above; the manifest keeps them among its notes too.
  for (const note of manifest.notes)
    if (!note.includes("valens's chosen polarity equals") && !note.includes("valens's ratings equal"))
      status(colors.yellow(`note: ${note}`));
}
