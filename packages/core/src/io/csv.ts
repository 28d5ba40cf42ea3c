import { isAscii } from "node:buffer";
import { readFile, stat } from "node:fs/promises";
import Papa from "papaparse";
import { InputError } from "../errors/input-error.js";
import { writeFileAtomic } from "./atomic.js";

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
 * Reads the records of a CSV file with a header row (RFC 4180: quoted cells may span lines).
 * Malformed lines, missing columns and empty files are InputErrors that name the file and line.
 * The file is read whole and parsed with papaparse, which is several times faster than a
 * streaming parser on the study's files (tens of MB at most); records are then yielded one by one.
 */
export async function* readCsv(file: string, options: ReadCsvOptions = {}): AsyncGenerator<CsvRow> {
  const records: CsvRow[] = [];
  await forEachCsvRow(file, options, (row) => records.push(row));
  yield* records;
}

/**
 * `readCsv` that hands each record to `onRow` as soon as it is parsed instead of keeping them
 * all: for large files whose rows become something smaller. Returns the number of records.
 */
export async function forEachCsvRow(
  file: string,
  options: ReadCsvOptions,
  onRow: (row: CsvRow) => void,
): Promise<number> {
  const description = options.description ?? "CSV file";
  await assertReadableFile(file, description);
  let count = 0;
  const { text, decodeField } = decodeCsv(await readFile(file));
  parseCsvRows(
    text,
    file,
    description,
    (header) => checkColumns(file, description, header, options.requiredColumns ?? []),
    (row) => {
      count++;
      onRow(row);
    },
    decodeField,
  );
  if (count === 0) throw new InputError(`The ${description} has a header but no rows`, { file });
  return count;
}

const malformedHint = "Fix or remove that line (unbalanced quotes or a wrong number of fields)";

/**
 * Parses CSV text into records keyed by the header row. Never throws anything but InputError
 * (property-tested).
 */
export function parseCsvText(
  input: string,
  file: string,
  description = "CSV file",
): { header: string[]; records: CsvRow[] } {
  const records: CsvRow[] = [];
  const header = parseCsvRows(
    input,
    file,
    description,
    () => {},
    (row) => records.push(row),
  );
  return { header, records };
}

const highByte = /[\x80-\xff]/;

/**
 * The text of a CSV file to parse. A file with any non-ASCII byte is decoded as Latin-1, one
 * character per byte, and only the cells holding such bytes are then decoded as UTF-8: decoded
 * whole, a single curly quote makes the whole text (and every cell cut from it) two bytes per
 * character, which doubles the memory and slows every later parse of the cells. The CSV syntax
 * is all ASCII, and UTF-8 never encodes other characters with ASCII bytes, so the cells are the
 * same either way.
 */
function decodeCsv(bytes: Buffer): { text: string; decodeField?: (cell: string) => string } {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (isAscii(bytes)) return { text: bytes.toString("latin1", start) };
  return {
    text: bytes.toString("latin1", start),
    decodeField: (cell) => (highByte.test(cell) ? Buffer.from(cell, "latin1").toString("utf8") : cell),
  };
}

/**
 * Parses CSV text, calling `onHeader` with the header row, then `onRow` for each record; each
 * cell goes through `decodeField` when given.
 */
function parseCsvRows(
  input: string,
  file: string,
  description: string,
  onHeader: (header: string[]) => void,
  onRow: (row: CsvRow) => void,
  decodeField?: (cell: string) => string,
): string[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let header: string[] | undefined;
  let failure: unknown;
  let rowStart = 0;
  const lineAt = lineCounter(text);
  Papa.parse<string[]>(text, {
    delimiter: ",",
    header: false,
    // "greedy" would join every row to test it; whitespace-only lines are skipped below instead.
    skipEmptyLines: true,
    step: (result, parser) => {
      if (failure) return;
      // Skip the blank lines papaparse skipped, so the row's first line is reported.
      while (rowStart < text.length && (text[rowStart] === "\n" || text[rowStart] === "\r")) rowStart++;
      const startLine = lineAt(rowStart);
      rowStart = result.meta.cursor;
      const error = result.errors[0];
      if (error) {
        failure = new InputError(`Malformed CSV in the ${description}: ${error.message}`, {
          file,
          line: startLine,
          hint: malformedHint,
        });
        parser.abort();
        return;
      }
      const cells = decodeField ? result.data.map(decodeField) : result.data;
      if (cells.length === 1 && (cells[0] as string).trim() === "") return;
      if (header === undefined) {
        header = cells.map((cell) => cell.trim());
        try {
          onHeader(header);
        } catch (error) {
          failure = error;
          parser.abort();
        }
        return;
      }
      if (cells.length !== header.length) {
        failure = new InputError(
          `Malformed CSV in the ${description}: the line has ${cells.length} fields, the header ${header.length}`,
          { file, line: startLine, hint: malformedHint },
        );
        parser.abort();
        return;
      }
      const record: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) record[header[i] as string] = cells[i] as string;
      try {
        onRow({ cells: record, line: startLine });
      } catch (error) {
        // An error of the caller (a bad value in a row) stops the parse and is thrown as is.
        failure = error;
        parser.abort();
      }
    },
  });
  if (failure !== undefined) throw failure;
  if (header === undefined) throw new InputError(`The ${description} is empty`, { file });
  return header;
}

/**
 * The 1-based line of an offset into `text`, for offsets asked in increasing order: newlines are
 * counted once, from the last offset asked up to the next one.
 */
function lineCounter(text: string): (offset: number) => number {
  let scanned = 0;
  let line = 1;
  // "\r\n", "\n" and a lone "\r" each end a line (papaparse accepts all three); without a lone
  // "\r", counting "\n" with indexOf is several times faster than looking at every character.
  let loneCarriageReturn = false;
  for (let i = text.indexOf("\r"); i >= 0 && !loneCarriageReturn; i = text.indexOf("\r", i + 1))
    loneCarriageReturn = text.charCodeAt(i + 1) !== 10;
  return (offset: number): number => {
    if (loneCarriageReturn) {
      for (let i = scanned; i < offset; i++) {
        const code = text.charCodeAt(i);
        if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) line++;
      }
    } else {
      for (let i = text.indexOf("\n", scanned); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
    }
    scanned = Math.max(scanned, offset);
    return line;
  };
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

/** A number written as text ("-0.5", "1e-3"): safe in a spreadsheet, and kept as it is. */
const numericText = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Neutralises CSV formula injection: a text cell starting with =, +, -, @, tab or carriage return
 * would run as a formula in a spreadsheet, so it gets a leading apostrophe (OWASP's advice).
 * Numbers, and text that is just a number, stay as they are.
 */
export function csvSafeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !numericText.test(text) ? `'${text}` : text;
}

/**
 * The text of one cell: text through csvSafeText, numbers, bigints and booleans as JavaScript
 * prints them, a Date as its epoch milliseconds, other objects as JSON, null and undefined empty
 * (what csv-stringify, which wrote valens' CSV before, made of them).
 */
export function csvCellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return csvSafeText(value);
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
    return String(value);
  if (value instanceof Date) return String(value.getTime());
  return JSON.stringify(value) ?? String(value);
}

/**
 * CSV text of records whose cells are already text (RFC 4180: a cell holding a comma, a quote or a
 * line break is quoted, quotes doubled; papaparse also quotes a cell that starts or ends with a
 * space or holds a byte-order mark). Every record ends with "\n"; no records, no text.
 */
export function formatCsvRecords(records: readonly (readonly string[])[]): string {
  return records.length === 0 ? "" : `${Papa.unparse(records as string[][], { newline: "\n" })}\n`;
}

/** CSV text of a header row and rows keyed by column, every cell (header too) through csvCellText. */
export function formatCsv(
  columns: readonly string[],
  rows: Iterable<Record<string, unknown>>,
  options: { header?: boolean } = {},
): string {
  const records: string[][] = options.header === false ? [] : [columns.map(csvCellText)];
  for (const row of rows) records.push(columns.map((column) => csvCellText(row[column])));
  return formatCsvRecords(records);
}

/** Writes rows to a CSV file atomically (temporary file, then rename); cells go through csvCellText. */
export async function writeCsv(
  file: string,
  columns: readonly string[],
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
): Promise<void> {
  // Rows are formatted a thousand at a time: large tables are never one string in memory.
  async function* chunks(): AsyncGenerator<string> {
    let batch: Record<string, unknown>[] = [];
    let header = true;
    for await (const row of rows) {
      batch.push(row);
      if (batch.length === 1000) {
        yield formatCsv(columns, batch, { header });
        header = false;
        batch = [];
      }
    }
    yield formatCsv(columns, batch, { header });
  }
  await writeFileAtomic(file, chunks());
}
