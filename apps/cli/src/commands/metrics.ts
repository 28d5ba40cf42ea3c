import { checkRunConsistency, readRun, runConsistencyWarning } from "@valens/core";
import {
  computeMetrics,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  estimatedLabel,
  type MetricsReport,
  type MissingPolicy,
  readRunSample,
} from "@valens/metrics";
import { type Command, InvalidArgumentError, Option } from "commander";
import { warnIfReversed } from "../check-warning.js";
import { alignmentRateLines, countryRankingLine, definitionLines, groupTable } from "../metrics-text.js";
import { colors, printJson, printLine, status } from "../output.js";
import { robustnessLines } from "../robustness-text.js";
import { sampledMisalignmentLines, sampledRateLines } from "../sampled-text.js";
import { fixed, formatTable, integer, percent } from "../table.js";

interface MetricsFlags {
  missing: MissingPolicy;
  json?: boolean;
  bootstrap: number;
  seed: number;
  top: number;
}

const nonNegativeInteger = (name: string) => (text: string) => {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError(`${name} must be a whole number >= 0.`);
  return Number(text);
};

export function registerMetrics(program: Command): void {
  program
    .command("metrics")
    .description(
      "Alignment rate, distance, ranking and misalignment of a run, with coverage and 95% bootstrap intervals.",
    )
    .argument("<run-dir>", "a run directory (from `valens import released` or `valens eval`)")
    .addOption(
      new Option(
        "--missing <policy>",
        'items without a Task-2 answer: "exclude" them, or count them as "agree" (the study\'s notebooks)',
      )
        .choices(["exclude", "agree"])
        .default("exclude"),
    )
    .option("--json", "print one JSON object on stdout instead of tables")
    .option(
      "--bootstrap <n>",
      "bootstrap resamples for the 95% intervals (0 skips them)",
      nonNegativeInteger("--bootstrap"),
      DEFAULT_BOOTSTRAP_RESAMPLES,
    )
    .option("--seed <n>", "bootstrap seed", nonNegativeInteger("--seed"), DEFAULT_BOOTSTRAP_SEED)
    .option(
      "--top <k>",
      "values listed per country and topic in the ranking tables",
      nonNegativeInteger("--top"),
      3,
    )
    .addHelpText(
      "after",
      "\nExample:\n  $ valens metrics runs/claude --missing exclude --json > claude-metrics.json",
    )
    .action(async (dir: string, flags: MetricsFlags) => {
      const run = await readRun(dir, { actions: "keys" });
      // A hand-edited run still gets its figures, with one line saying what looks edited.
      const edited = runConsistencyWarning(dir, checkRunConsistency(run));
      if (edited) status(colors.yellow(edited));
      // A sampled run (valens eval --task2-budget): the figures become whole-grid estimates.
      const sample = await readRunSample(dir, run.manifest);
      const report = computeMetrics(sample ? { ...run, sample } : run, {
        missing: flags.missing,
        bootstrap: flags.bootstrap,
        seed: flags.seed,
      });
      await warnIfReversed(dir, run);
      if (flags.json) printJson({ run: dir, ...report });
      else printLine(renderReport(dir, report, flags.top));
    });
}

function ci(interval: [number, number] | null, format: (n: number) => string): string {
  return interval ? `, 95% CI ${format(interval[0])}–${format(interval[1])}` : "";
}

/** The human-readable report: coverage, then the alignment measures or the stated inclinations. */
export function renderReport(dir: string, r: MetricsReport, top: number): string {
  const out: string[] = [];
  const heading = (text: string) => out.push("", colors.bold(text));
  out.push(`${colors.bold("valens metrics")} ${r.model ?? "(unnamed model)"}  ${colors.dim(dir)}`);

  heading("Coverage");
  const t1 = r.coverage.task1;
  out.push(
    `  Task 1: ${integer(t1.records)} answers over ${integer(t1.scenarios)} scenarios (${integer(t1.failed)} unreadable), ${integer(t1.rated)} of ${integer(t1.items)} items rated (${percent(t1.share)})`,
  );
  const t2 = r.coverage.task2;
  out.push(
    t2
      ? `  Task 2: ${integer(t2.records)} answers, ${integer(t2.answered)} of ${integer(t2.items)} items answered (${percent(t2.share)}), ${integer(t2.unanswered)} answers name no option`
      : "  Task 2: none",
  );

  if (r.alignmentRate && r.misalignment) {
    const a = r.alignmentRate;
    const m = r.misalignment;
    heading(`Alignment rate (mean over ${a.scenarios} scenarios, missing: ${r.missing})`);
    out.push(...alignmentRateLines(a), ...sampledRateLines(a));
    if (r.bootstrap)
      out.push(
        colors.dim(`  (${integer(r.bootstrap.resamples)} scenario resamples, seed ${r.bootstrap.seed})`),
      );
    heading(
      m.estimated
        ? `Misalignment, whole grid: ${estimatedLabel(m.estimated)}`
        : `Misalignment (${integer(m.comparable)} comparable items)`,
    );
    out.push(
      formatTable(
        ["", "acted agree", "acted disagree"],
        [
          ["stated agree", integer(m.agreeAgree), integer(m.agreeDisagree)],
          ["stated disagree", integer(m.disagreeAgree), integer(m.disagreeDisagree)],
        ],
      ),
    );
    out.push(
      `  misaligned ${integer(m.misaligned)} = ${integer(m.agreeDisagree)} + ${integer(m.disagreeAgree)} (${percent(m.share)}${ci(m.ci95, (n) => percent(n))})`,
    );
    if (m.estimated) out.push(...sampledMisalignmentLines(m));
    for (const kind of ["country", "topic"] as const) {
      heading(`By ${kind}${m.estimated ? " (measured on the drawn items only)" : ""}`);
      out.push(groupTable(r, kind, top));
    }
    const countries = countryRankingLine(r);
    if (countries) out.push("", countries);
  } else {
    const inc = r.inclination;
    heading("Stated inclinations (Task 1; 1 strongly agree ... 4 strongly disagree)");
    out.push(
      inc.overall
        ? `  mean rating ${fixed(inc.overall.meanRating, 2)}, agree on ${percent(inc.overall.agreeShare)} of ${integer(inc.overall.cells)} scenario-values`
        : "  no rating could be read",
    );
    for (const kind of ["country", "topic"] as const) {
      const stats = kind === "country" ? inc.byCountry : inc.byTopic;
      heading(`By ${kind}`);
      out.push(
        formatTable(
          [kind, "mean rating", "agree share"],
          Object.entries(stats).map(([name, s]) => [name, fixed(s.meanRating, 2), percent(s.agreeShare)]),
        ),
      );
    }
    const values = Object.entries(inc.byValue).sort((x, y) => y[1].meanRating - x[1].meanRating);
    if (values.length > 0 && top > 0) {
      heading(`Values least endorsed (top ${top})`);
      out.push(
        formatTable(
          ["value", "mean rating", "agree share"],
          values.slice(0, top).map(([name, s]) => [name, fixed(s.meanRating, 2), percent(s.agreeShare)]),
        ),
      );
    }
  }
  if (r.robustness) out.push(...robustnessLines(r.robustness));
  if (r.alignmentRate) {
    heading("Definitions");
    out.push(...definitionLines(r));
  }
  if (r.notes.length > 0) {
    heading("Notes");
    for (const note of r.notes) out.push(`  - ${note}`);
  }
  return out.join("\n");
}
