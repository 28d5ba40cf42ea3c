import { VALIDATION_KINDS, validateDatasetFile } from "@valens/dataset-gen";
import { colors, printJson, printLine } from "../../output.js";
import type { ValidateOptions } from "./options.js";

type ValidationReport = Awaited<ReturnType<typeof validateDatasetFile>>;

const truncate = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

export function runValidate(options: ValidateOptions): Promise<ValidationReport> {
  return validateDatasetFile(options.file, options.examples);
}

export function printValidate(report: ValidationReport, options: ValidateOptions): void {
  if (options.json) {
    printJson(report);
    return;
  }
  printLine(`${options.file}: ${report.records} records, ${report.valid} without any problem`);
  for (const kind of VALIDATION_KINDS) {
    const count = report.counts[kind];
    printLine(`  ${(count > 0 ? colors.yellow : colors.green)(kind.padEnd(26))} ${count}`);
    for (const issue of report.examples[kind])
      printLine(
        `      line ${issue.line}${issue.item ? ` (${issue.item})` : ""}: ${truncate(issue.detail, 100)}`,
      );
  }
}
