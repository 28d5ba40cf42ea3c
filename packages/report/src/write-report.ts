import { constants } from "node:fs";
import { access, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import {
  checkOutputPath,
  describeZodIssue,
  InputError,
  ValensError,
  writeFileAtomic as writeChunksAtomic,
  writeCsv,
} from "@valens/core";
import { buildDocument, documentTables } from "./document.js";
import { renderHtml } from "./html/render-html.js";
import { type ReportData, reportDataSchema } from "./report-data.js";
import type { ReportTable } from "./table.js";

export type ReportFormat = "html" | "json";

export interface WriteReportOptions {
  /** The report file (.html or .json). */
  out: string;
  format: ReportFormat;
  /** Directory for one CSV per table; null for none. */
  csvDir: string | null;
  /** What the report is made from (run directories): no output may replace them. */
  inputs?: readonly string[];
}

export interface WrittenReport {
  out: string;
  format: ReportFormat;
  csvDir: string | null;
  tables: number;
  charts: number;
  bytes: number;
}

/** `<dir>/<name>-tables` beside the report: where CSV exports go unless told otherwise. */
export const defaultCsvDir = (out: string): string =>
  join(dirname(resolve(out)), `${basename(out, extname(out))}-tables`);

/**
 * Renders and writes the report and its CSV tables together. Every output is checked before
 * anything is rendered; both are then written to temporary siblings and renamed into place only
 * when all are written, so a failure leaves the previous report and its tables untouched.
 */
export async function writeReport(data: ReportData, options: WriteReportOptions): Promise<WrittenReport> {
  const out = resolve(options.out);
  const csvDir = options.csvDir === null ? null : resolve(options.csvDir);
  await checkReportOutputs(options, out, csvDir);
  // Data handed in by library users is checked before anything is rendered or written.
  const checked = reportDataSchema.safeParse(data);
  if (!checked.success) {
    throw new InputError(`The report data is invalid: ${describeZodIssue(checked.error)}`);
  }
  const document = buildDocument(checked.data);
  const tables = documentTables(document);
  const charts = document.sections.flatMap((s) => s.blocks).filter((b) => b.kind === "figure").length;
  const content =
    options.format === "json" ? `${JSON.stringify(data, null, 2)}\n` : await renderHtml(document);
  const stamp = `${process.pid}-${Date.now()}`;
  const stagedOut = join(dirname(out), `.${basename(out)}.tmp-${stamp}`);
  const stagedCsv = csvDir === null ? null : join(dirname(csvDir), `.${basename(csvDir)}.tmp-${stamp}`);
  try {
    if (stagedCsv !== null) await stageTables(stagedCsv, tables);
    await writeChunksAtomic(stagedOut, [content]);
    // Everything is written: only renames remain.
    if (stagedCsv !== null && csvDir !== null) {
      await rm(csvDir, { recursive: true, force: true });
      await rename(stagedCsv, csvDir);
    }
    await rename(stagedOut, out);
  } catch (error) {
    await rm(stagedOut, { force: true });
    if (stagedCsv !== null) await rm(stagedCsv, { recursive: true, force: true });
    if (ValensError.isInstance(error)) throw error;
    throw new InputError(`Cannot write the report: ${(error as Error).message}`, {
      file: out,
      hint: "Free some space or choose a writable --out; the previous report is untouched",
    });
  }
  return {
    out,
    format: options.format,
    csvDir,
    tables: tables.length,
    charts,
    bytes: Buffer.byteLength(content),
  };
}

/** Writes `content` to `file` atomically; any failure is an InputError naming the report. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  try {
    await writeChunksAtomic(file, [content]);
  } catch (error) {
    if (ValensError.isInstance(error)) throw error;
    throw new InputError(`Cannot write the report: ${(error as Error).message}`, { file });
  }
}

/** Every reason the outputs cannot be written, found before any work is done. */
async function checkReportOutputs(options: WriteReportOptions, out: string, csvDir: string | null) {
  const inputs = options.inputs ?? [];
  checkOutputPath(options.out, { inputs });
  const outInfo = await stat(out).catch(() => undefined);
  if (outInfo?.isDirectory())
    throw new InputError("--out is a directory: it names the report file", {
      file: options.out,
      hint: `Give the file to write, e.g. --out ${join(options.out, "report.html")}`,
    });
  await writableDirectory(dirname(out), options.out, "--out");
  if (csvDir === null || options.csvDir === null) return;
  checkOutputPath(options.csvDir, { flag: "--csv-dir", inputs: [...inputs, out] });
  const info = await stat(csvDir).catch(() => undefined);
  if (info && !info.isDirectory())
    throw new InputError("--csv-dir exists and is not a directory", {
      file: options.csvDir,
      hint: "Choose another --csv-dir, or pass --no-csv",
    });
  if (info) await assertReplaceable(csvDir);
  await writableDirectory(dirname(csvDir), options.csvDir, "--csv-dir");
}

async function writableDirectory(dir: string, shown: string, flag: string): Promise<void> {
  await mkdir(dir, { recursive: true }).catch((error: Error) => {
    throw new InputError(`Cannot create the directory for ${flag}: ${error.message}`, { file: shown });
  });
  await access(dir, constants.W_OK).catch(() => {
    throw new InputError(`Cannot write ${flag}: ${dir} is not writable`, {
      file: shown,
      hint: `Choose a ${flag} in a directory you can write to`,
    });
  });
}

/** All tables into `dir` (a new temporary directory). */
async function stageTables(dir: string, tables: readonly ReportTable[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const seen = new Set<string>();
  for (const table of tables) {
    if (seen.has(table.id)) throw new Error(`Two report tables share the id "${table.id}"`);
    seen.add(table.id);
    const labels = table.columns.map((c) => c.label);
    const rows = table.rows.map((row) =>
      Object.fromEntries(table.columns.map((c) => [c.label, row[c.key] ?? null])),
    );
    await writeCsv(join(dir, `${table.id}.csv`), labels, rows);
  }
}

/** Only a previous CSV export may be replaced: never a directory holding anything else. */
async function assertReplaceable(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const foreign = entries.filter((name) => !name.endsWith(".csv"));
  if (foreign.length > 0) {
    throw new InputError("The CSV directory exists and holds files other than CSV tables", {
      file: dir,
      hint: `Choose another --csv-dir (it contains ${foreign.slice(0, 3).join(", ")})`,
    });
  }
}
