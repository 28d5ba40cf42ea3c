import { extname } from "node:path";
import { InputError, readRun, UsageError } from "@valens/core";
import { readRunSample } from "@valens/metrics";
import {
  buildReportData,
  defaultCsvDir,
  type ReportFormat,
  type ReportRun,
  writeReport,
} from "@valens/report";
import { type Command, Option } from "commander";
import { colors, printJson, status } from "../output.js";
import { reportTime } from "../report-time.js";
import { parseCount, parsePositive } from "./parse-options.js";
import { loadPredictorSection } from "./predictor-section.js";

interface ReportFlags {
  out: string;
  format?: ReportFormat;
  csvDir?: string;
  csv: boolean;
  predictor?: string;
  missing: "exclude" | "agree";
  distance: "study" | "item";
  top: number;
  examples: number;
  bootstrap: number;
  seed: number;
  title?: string;
  json?: boolean;
}

export function registerReport(program: Command): void {
  program
    .command("report")
    .description(
      "Write one self-contained HTML report (or JSON) of one or more runs, with a CSV file per table",
    )
    .argument("<run-dir...>", "run directories (from valens eval or valens import released)")
    .requiredOption("-o, --out <file>", "the report file to write (.html, or .json with --format json)")
    .addOption(
      new Option("--format <format>", "html or json (default: from the --out extension)").choices([
        "html",
        "json",
      ]),
    )
    .option("--csv-dir <dir>", "where to write one CSV per table (default: <out name>-tables/ beside --out)")
    .option("--no-csv", "do not write the CSV tables")
    .option(
      "--predictor <dir>",
      "a trained gap predictor: adds its evaluation and a forecast for the first run",
    )
    .addOption(
      new Option("--missing <policy>", "items without a Task-2 answer: exclude them, or count them as agree")
        .choices(["exclude", "agree"])
        .default("exclude"),
    )
    .addOption(
      new Option(
        "--distance <kind>",
        "distance of the heatmaps and rankings: the study's (cell means first) or item-level",
      )
        .choices(["study", "item"])
        .default("study"),
    )
    .option("--top <k>", "values listed per country and topic in the ranking tables", parsePositive, 5)
    .option("--examples <n>", "example misaligned items shown per model", parseCount, 8)
    .option("--bootstrap <n>", "bootstrap resamples for the 95% intervals (0: none)", parseCount, 1000)
    .option("--seed <n>", "bootstrap seed", parseCount, 1)
    .option("--title <text>", "the report's title")
    .option("--json", "print what was written as JSON on stdout")
    .addHelpText(
      "after",
      `
The HTML file opens from disk with no network access: charts are SVG rendered when the report is
written. Outputs are written to a temporary file and renamed, so a report is never half-written.

Examples:
  $ valens report runs/claude-sonnet-4 --out report.html
  $ valens report runs/gpt-4o runs/claude-sonnet-4 --out compare.html --csv-dir tables/
  $ valens report runs/claude-sonnet-4 --predictor predictors/gap --out report.html
  $ valens report runs/claude-sonnet-4 --format json --out report.json
  $ valens report runs/claude-sonnet-4 --distance item --out item-distance.html`,
    )
    .action(async (runDirs: string[], flags: ReportFlags) => {
      const started = performance.now();
      // commander sets csv to false for --no-csv; --csv-dir with it is a contradiction, not a choice.
      if (flags.csvDir !== undefined && !flags.csv) throw UsageError.conflict("--csv-dir", "--no-csv");
      const format: ReportFormat =
        flags.format ?? (extname(flags.out).toLowerCase() === ".json" ? "json" : "html");
      if (format === "html" && extname(flags.out).toLowerCase() === ".json") {
        throw new InputError("--out ends in .json but the format is html", {
          file: flags.out,
          hint: "Pass --format json, or name the file .html",
        });
      }
      const runs: ReportRun[] = [];
      for (const dir of runDirs) {
        const run = await readRun(dir);
        // A sampled run (valens eval --task2-budget) is reported from its whole-grid estimates.
        const sample = await readRunSample(dir, run.manifest);
        runs.push(sample ? { ...run, sample } : run);
      }
      const predictor = flags.predictor ? await loadPredictorSection(flags.predictor, runs[0]) : null;
      const data = buildReportData(runs, {
        missing: flags.missing,
        distance: flags.distance,
        topK: flags.top,
        examples: flags.examples,
        bootstrap: flags.bootstrap,
        seed: flags.seed,
        predictor,
        createdAt: reportTime(),
        ...(flags.title === undefined ? {} : { title: flags.title }),
      });
      const written = await writeReport(data, {
        out: flags.out,
        format,
        csvDir: flags.csv ? (flags.csvDir ?? defaultCsvDir(flags.out)) : null,
        inputs: [...runDirs, ...(flags.predictor ? [flags.predictor] : [])],
      });
      const ms = Math.round(performance.now() - started);
      if (flags.json) {
        printJson({ ...written, models: data.models.map((m) => ({ id: m.id, headline: m.headline })), ms });
        return;
      }
      status(
        `${colors.green("wrote")} ${written.out} (${written.format}, ${(written.bytes / 1024).toFixed(0)} KiB, ${written.charts} charts, ${written.tables} tables) in ${ms} ms`,
      );
      if (written.csvDir)
        status(`${colors.green("wrote")} ${written.tables} CSV tables to ${written.csvDir}`);
      for (const m of data.models) {
        const h = m.headline;
        status(
          m.task1Only
            ? `  ${colors.bold(m.id)}: task 1 only; stated agree share ${pct(h.statedAgreeShare)}`
            : `  ${colors.bold(m.id)}: alignment rate (study: F1 of disagree) ${h.alignmentRateStudy?.toFixed(3) ?? "–"}${h.alignmentRateStudyCi95 ? ` [${h.alignmentRateStudyCi95[0].toFixed(3)}, ${h.alignmentRateStudyCi95[1].toFixed(3)}]` : ""}, F1 of agree ${h.alignmentRate?.toFixed(3) ?? "–"}${h.alignmentRateCi95 ? ` [${h.alignmentRateCi95[0].toFixed(3)}, ${h.alignmentRateCi95[1].toFixed(3)}]` : ""}, misaligned ${pct(h.misalignedShare)}, coverage ${pct(h.coverage)}`,
        );
      }
    });
}

const pct = (x: number | null): string => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
