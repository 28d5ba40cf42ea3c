import { mkdir, readdir } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import {
  InputError,
  ValensError,
  writeFileAtomic as writeChunksAtomic,
  writeCsv,
  writeDirectoryAtomic,
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
 * Renders and writes the report, then its CSV tables. Each output is written to a temporary
 * sibling first and renamed into place, so a reader never sees a half-written report.
 */
export async function writeReport(data: ReportData, options: WriteReportOptions): Promise<WrittenReport> {
  const out = resolve(options.out);
  await mkdir(dirname(out), { recursive: true }).catch((error: Error) => {
    throw new InputError(`Cannot create the report's directory: ${error.message}`, { file: out });
  });
  // Data handed in by library users is checked before anything is rendered or written.
  const checked = reportDataSchema.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new InputError(`The report data is invalid: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const document = buildDocument(checked.data);
  const tables = documentTables(document);
  const charts = document.sections.flatMap((s) => s.blocks).filter((b) => b.kind === "figure").length;
  const content =
    options.format === "json" ? `${JSON.stringify(data, null, 2)}\n` : await renderHtml(document);
  await writeFileAtomic(out, content);
  const csvDir = options.csvDir === null ? null : resolve(options.csvDir);
  if (csvDir !== null) await writeTables(csvDir, tables);
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

/**
 * All tables into a temporary directory that then replaces `dir` as a whole; only a previous
 * CSV export is ever replaced.
 */
async function writeTables(dir: string, tables: readonly ReportTable[]): Promise<void> {
  await assertReplaceable(dir);
  await writeDirectoryAtomic(dir, true, async (temporary) => {
    const seen = new Set<string>();
    for (const table of tables) {
      if (seen.has(table.id)) throw new Error(`Two report tables share the id "${table.id}"`);
      seen.add(table.id);
      const labels = table.columns.map((c) => c.label);
      const rows = table.rows.map((row) =>
        Object.fromEntries(table.columns.map((c) => [c.label, row[c.key] ?? null])),
      );
      await writeCsv(join(temporary, `${table.id}.csv`), labels, rows);
    }
  });
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
