import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { finished } from "node:stream/promises";
import { type CsvError, parse } from "csv-parse";
import { stringify } from "csv-stringify";
import { InputError } from "../errors/input-error.js";

export interface CsvRow {
  /** Cells by column name. */
  cells: Record<string, string>;
  /** 1-based line where the record starts in the file (the header is line 1). */
  line: number;
}

export interface ReadCsvOptions {
  /** Columns the file must have; a missing one is an error naming expected and found columns. */
  requiredColumns?: readonly string[];
  /** What the file is, for messages ("the study's task-1 CSV"). */
  description?: string;
}

/** Checks that a file exists, is a file and is not empty, with actionable errors. */
export async function assertReadableFile(file: string, description = "input file"): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch {
    throw new InputError(`The ${description} does not exist`, { file, hint: "Check the path" });
  }
  if (!info.isFile()) throw new InputError(`The ${description} is not a file`, { file });
  if (info.size === 0) throw new InputError(`The ${description} is empty`, { file });
}

/**
 * Streams the records of a CSV file with a header row. Malformed lines, missing columns and
 * empty files are InputErrors that name the file and line.
 */
export async function* readCsv(file: string, options: ReadCsvOptions = {}): AsyncGenerator<CsvRow> {
  const description = options.description ?? "CSV file";
  await assertReadableFile(file, description);
  const parser = createReadStream(file).pipe(
    parse({ columns: true, bom: true, info: true, skip_empty_lines: true, relax_quotes: false }),
  );
  let checkedColumns = false;
  let sawRecord = false;
  try {
    for await (const entry of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (!checkedColumns) {
        checkColumns(file, description, Object.keys(entry.record), options.requiredColumns ?? []);
        checkedColumns = true;
      }
      sawRecord = true;
      yield { cells: entry.record, line: recordStartLine(entry) };
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const csvError = error as CsvError & { lines?: number };
    throw new InputError(`Malformed CSV in the ${description}: ${csvError.message}`, {
      file,
      ...(typeof csvError.lines === "number" ? { line: csvError.lines } : {}),
      hint: "Fix or remove that line (unbalanced quotes or a wrong number of fields)",
      cause: error,
    });
  }
  if (!sawRecord) {
    throw new InputError(`The ${description} has a header but no rows`, { file });
  }
}

function recordStartLine(entry: { info: { lines: number }; record: Record<string, string> }): number {
  // info.lines is the line the record ends on; quoted cells can span several lines.
  let extraLines = 0;
  for (const cell of Object.values(entry.record)) extraLines += countNewlines(cell);
  return entry.info.lines - extraLines;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

function checkColumns(file: string, description: string, found: string[], required: readonly string[]): void {
  const missing = required.filter((column) => !found.includes(column));
  if (missing.length > 0) {
    throw new InputError(
      `The ${description} lacks the column${missing.length > 1 ? "s" : ""} ${missing.map((c) => `"${c}"`).join(", ")}`,
      {
        file,
        line: 1,
        hint: `Expected columns ${required.map((c) => `"${c}"`).join(", ")}; found ${found.map((c) => `"${c}"`).join(", ")}`,
      },
    );
  }
}

/** Writes rows to a CSV file atomically (temporary file, then rename). */
export async function writeCsv(
  file: string,
  columns: readonly string[],
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(temporary);
  const stringifier = stringify({ header: true, columns: [...columns], cast: { boolean: (v) => String(v) } });
  stringifier.pipe(out);
  try {
    for await (const row of rows) {
      if (!stringifier.write(row))
        await new Promise<void>((resolve) => stringifier.once("drain", () => resolve()));
    }
    stringifier.end();
    await finished(out);
    await rename(temporary, file);
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}
