import { importReleasedInto } from "@valens/importers";
import { printWarning, reversedWarning } from "../../check-warning.js";
import { colors, printLine, status } from "../../output.js";
import { integer } from "../../table.js";
import type { ReleasedOptions } from "./options.js";

export interface ReleasedResult {
  imported: Awaited<ReturnType<typeof importReleasedInto>>;
  warning: string | undefined;
}

export async function runReleased(options: ReleasedOptions): Promise<ReleasedResult> {
  // importReleasedInto refuses a bad --out before it reads anything.
  const { out, force, ...files } = options;
  const imported = await importReleasedInto(out, { ...files, force: force ?? false });
  return { imported, warning: await reversedWarning(out) };
}

function task2Line(t2: ReleasedResult["imported"]["manifest"]["tasks"]["task2"]): string {
  if (t2?.reconstructed)
    return `  Task 2: ${integer(t2.records)} choices reconstructed from the misaligned-item list (${integer(t2.reconstructed.misaligned)} misaligned), variant ${t2.variants.join(",")}`;
  if (t2)
    return `  Task 2: ${integer(t2.records)} answers (${integer(t2.failed)} unreadable), variants ${t2.variants.join(",")}`;
  return "  Task 2: none (alignment measures need Task 2; `valens metrics` reports stated inclinations)";
}

export function printReleased({ imported: result, warning }: ReleasedResult, options: ReleasedOptions): void {
  const { manifest } = result;
  printLine(`${colors.bold("Imported")} ${manifest.model.name} into ${options.out}`);
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
  printLine(task2Line(manifest.tasks.task2));
  const agreement = result.misaligned?.agreement;
  if (agreement)
    printLine(
      `  List:   ${integer(agreement.listed)} listed, ${integer(agreement.run)} misaligned in the run; ${integer(agreement.both)} in both (Jaccard ${agreement.jaccard.toFixed(3)}, ${(100 * agreement.listInRun).toFixed(1)}% of the list found)`,
    );
  for (const note of manifest.notes) status(colors.yellow(`note: ${note}`));
  printWarning(warning);
}
