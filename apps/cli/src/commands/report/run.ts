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
import { reportTime } from "../../report-time.js";
import { loadPredictorSection } from "../predictor-section.js";
import type { ReportOptions } from "./options.js";

export interface ReportResult {
  written: Awaited<ReturnType<typeof writeReport>>;
  data: ReturnType<typeof buildReportData>;
  ms: number;
}

/** The format asked for, or the one --out's extension names; a .json file is never html. */
function formatOf(options: ReportOptions): ReportFormat {
  const json = extname(options.out).toLowerCase() === ".json";
  const format: ReportFormat = options.format ?? (json ? "json" : "html");
  if (format === "html" && json)
    throw new InputError("--out ends in .json but the format is html", {
      file: options.out,
      hint: "Pass --format json, or name the file .html",
    });
  return format;
}

async function readRuns(dirs: readonly string[]): Promise<ReportRun[]> {
  const runs: ReportRun[] = [];
  for (const dir of dirs) {
    const run = await readRun(dir);
    // A sampled run (valens eval --task2-budget) is reported from its whole-grid estimates.
    const sample = await readRunSample(dir, run.manifest);
    runs.push(sample ? { ...run, sample } : run);
  }
  return runs;
}

export async function runReport(options: ReportOptions): Promise<ReportResult> {
  const started = performance.now();
  // commander sets csv to false for --no-csv; --csv-dir with it is a contradiction, not a choice.
  if (options.csvDir !== undefined && !options.csv) throw UsageError.conflict("--csv-dir", "--no-csv");
  const format = formatOf(options);
  const runs = await readRuns(options.runDirs);
  const predictor = options.predictor ? await loadPredictorSection(options.predictor, runs[0]) : null;
  const data = buildReportData(runs, {
    missing: options.missing,
    distance: options.distance,
    topK: options.top,
    examples: options.examples,
    bootstrap: options.bootstrap,
    seed: options.seed,
    predictor,
    createdAt: reportTime(),
    ...(options.title === undefined ? {} : { title: options.title }),
  });
  const written = await writeReport(data, {
    out: options.out,
    format,
    csvDir: options.csv ? (options.csvDir ?? defaultCsvDir(options.out)) : null,
    inputs: [...options.runDirs, ...(options.predictor ? [options.predictor] : [])],
  });
  return { written, data, ms: Math.round(performance.now() - started) };
}
