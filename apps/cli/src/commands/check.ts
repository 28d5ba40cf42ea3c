import { readRun } from "@valens/core";
import { type CloserCounts, checkRun } from "@valens/metrics";
import type { Command } from "commander";
import { colors, printJson, printLine } from "../output.js";
import { formatTable, integer, percent } from "../table.js";

const p = (value: number | null): string =>
  value === null ? "–" : value < 1e-4 ? value.toExponential(1) : value.toFixed(4);

const closerRow = (label: string, c: CloserCounts): string[] => [
  label,
  integer(c.compared),
  integer(c.chosenCloser),
  integer(c.otherCloser),
  integer(c.ties),
  p(c.pValue),
  c.reversed ? "REVERSED?" : "",
];

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description(
      "Check a run for reversed option order or polarity: are the explanations closer to the chosen action's text than to the other's, and does any variant's agreement with the stated stance fall far below the others'?",
    )
    .argument("<run-dir>", "a run directory")
    .option("--json", "print the check as JSON")
    .addHelpText("after", "\nExample:\n  $ valens check runs/qwen3-32b")
    .action(async (dir: string, flags: { json?: boolean }) => {
      const run = await readRun(dir);
      const check = checkRun(run);
      if (flags.json) {
        printJson({ run: dir, ...check });
        return;
      }
      const out: string[] = [`${colors.bold("valens check")} ${run.manifest.model.name}  ${colors.dim(dir)}`];
      const e = check.explanations;
      out.push(
        "",
        colors.bold("Explanations against the two action texts (one-sided binomial test, p < 0.01 flags)"),
      );
      if (!e)
        out.push("  no Task-2 answer carries an explanation with both action texts: nothing to compare");
      else {
        const rows = [
          closerRow("all", e),
          closerRow("normal order", e.byOrder.normal),
          closerRow("reversed order", e.byOrder.reversed),
          ...Object.entries(e.byVariant).map(([v, c]) => closerRow(`variant ${v}`, c)),
        ].filter((row) => row[1] !== "0");
        out.push(
          formatTable(["", "explanations", "closer to chosen", "closer to other", "ties", "p", ""], rows),
        );
      }
      out.push("", colors.bold("Acted against stated stance, per Task-2 variant"));
      if (check.variants.length === 0) out.push("  needs both tasks");
      else
        out.push(
          formatTable(
            ["variant", "items", "agree", "share", "other variants", "p", ""],
            check.variants.map((v) => [
              String(v.variant),
              integer(v.items),
              integer(v.agree),
              percent(v.share),
              percent(v.others),
              p(v.pValue),
              v.outlier ? "FAR BELOW" : "",
            ]),
          ),
        );
      out.push("");
      if (check.flags.length === 0) out.push(colors.green("nothing flagged"));
      for (const flag of check.flags) out.push(colors.yellow(`flag: ${flag}`));
      printLine(out.join("\n"));
    });
}
