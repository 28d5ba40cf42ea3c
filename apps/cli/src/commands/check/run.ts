import { readRun } from "@valens/core";
import { type CloserCounts, checkRun } from "@valens/metrics";
import { colors, printJson, printLine } from "../../output.js";
import { formatTable, integer, percent } from "../../table.js";
import type { CheckOptions } from "./options.js";

export interface CheckResult {
  model: string;
  check: ReturnType<typeof checkRun>;
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const run = await readRun(options.dir);
  return { model: run.manifest.model.name, check: checkRun(run) };
}

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

function explanationLines(e: CheckResult["check"]["explanations"]): string[] {
  const title = colors.bold(
    "Explanations against the two action texts (one-sided binomial test, p < 0.01 flags)",
  );
  if (!e)
    return [
      "",
      title,
      "  no Task-2 answer carries an explanation with both action texts: nothing to compare",
    ];
  const rows = [
    closerRow("all", e),
    closerRow("normal order", e.byOrder.normal),
    closerRow("reversed order", e.byOrder.reversed),
    ...Object.entries(e.byVariant).map(([v, c]) => closerRow(`variant ${v}`, c)),
  ].filter((row) => row[1] !== "0");
  return [
    "",
    title,
    formatTable(["", "explanations", "closer to chosen", "closer to other", "ties", "p", ""], rows),
  ];
}

function variantLines(variants: CheckResult["check"]["variants"]): string[] {
  const title = colors.bold("Acted against stated stance, per Task-2 variant");
  if (variants.length === 0) return ["", title, "  needs both tasks"];
  const rows = variants.map((v) => [
    String(v.variant),
    integer(v.items),
    integer(v.agree),
    percent(v.share),
    percent(v.others),
    p(v.pValue),
    v.outlier ? "FAR BELOW" : "",
  ]);
  return ["", title, formatTable(["variant", "items", "agree", "share", "other variants", "p", ""], rows)];
}

export function printCheck({ model, check }: CheckResult, options: CheckOptions): void {
  if (options.json) {
    printJson({ run: options.dir, ...check });
    return;
  }
  const out = [
    `${colors.bold("valens check")} ${model}  ${colors.dim(options.dir)}`,
    ...explanationLines(check.explanations),
    ...variantLines(check.variants),
    "",
  ];
  if (check.flags.length === 0) out.push(colors.green("nothing flagged"));
  for (const flag of check.flags) out.push(colors.yellow(`flag: ${flag}`));
  printLine(out.join("\n"));
}
