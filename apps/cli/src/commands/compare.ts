import { readRun, writeCsv } from "@valens/core";
import { compareInputs, compareRuns, DEFAULT_COMPARE_RESAMPLES, type MissingPolicy } from "@valens/metrics";
import { type Command, Option } from "commander";
import { COMPARE_CSV_COLUMNS, csvRows, renderCompare } from "../compare/render-compare.js";
import { colors, printJson, printLine, status } from "../output.js";
import { parseCount } from "./parse-options.js";

interface CompareFlags {
  missing: MissingPolicy;
  json?: boolean;
  csv?: string;
  bootstrap: number;
  seed: number;
  top: number;
}

export function registerCompare(program: Command): void {
  program
    .command("compare")
    .description(
      "Paired significance tests between runs: differences in alignment rate and misaligned share, overall and per country, topic and value",
    )
    .argument("<run-dir...>", "two or more run directories (from valens eval or valens import)")
    .addOption(
      new Option("--missing <policy>", "items without a Task-2 answer: exclude them, or count them as agree")
        .choices(["exclude", "agree"])
        .default("exclude"),
    )
    .option("--json", "print the comparison as JSON (kind valens-compare, see docs/compare-json.md)")
    .option("--csv <file>", "also write one CSV row per tested difference to <file>")
    .option(
      "--bootstrap <n>",
      "paired bootstrap resamples of scenarios for the 95% intervals (0: none)",
      parseCount,
      DEFAULT_COMPARE_RESAMPLES,
    )
    .option("--seed <n>", "bootstrap seed", parseCount, 1)
    .option("--top <k>", "country, topic and value rows shown in the terminal table", parseCount, 15)
    .addHelpText(
      "after",
      `
Differences are second run minus first (b − a), on the items comparable in both runs.

Example:
  $ valens compare runs/gemma runs/claude --csv compare.csv`,
    )
    .action(async (dirs: string[], flags: CompareFlags) => {
      const runs = [];
      for (const dir of dirs) runs.push(await readRun(dir, { actions: "keys" }));
      const report = compareRuns(compareInputs(runs, flags.missing), {
        missing: flags.missing,
        resamples: flags.bootstrap,
        seed: flags.seed,
      });
      if (flags.csv) {
        await writeCsv(flags.csv, COMPARE_CSV_COLUMNS, csvRows(report));
        status(`${colors.green("wrote")} ${flags.csv}`);
      }
      if (flags.json) printJson(report);
      else printLine(renderCompare(report, flags.top));
    });
}
