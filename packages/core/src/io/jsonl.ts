import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import type { z } from "zod";
import { InputError } from "../errors/input-error.js";
import { describeZodIssue } from "../errors/zod-issue.js";
import { writeFileAtomic } from "./atomic.js";
import { assertReadableFile } from "./csv.js";

export interface JsonlLine<T> {
  value: T;
  /** 1-based line number. */
  line: number;
}

/**
 * Reads a JSONL file, validating each line with `schema`. Blank lines are skipped; a line
 * that is not JSON or does not fit the schema is an InputError naming file and line. Files of
 * a run's size are read at once; very large ones are streamed.
 */
export async function* readJsonl<S extends z.ZodType>(
  file: string,
  schema: S,
  description = "JSONL file",
): AsyncGenerator<JsonlLine<z.infer<S>>> {
  await assertReadableFile(file, description);
  const source =
    (await stat(file)).size > wholeFileLimit ? streamedLines(file) : textLines(await readFile(file, "utf8"));
  let lineNumber = 0;
  for await (const text of source) {
    const line = jsonlLine(text, ++lineNumber, file, schema, description);
    if (line) yield line;
  }
}

/** One line of a JSONL file, parsed and validated; undefined for a blank line. */
function jsonlLine<S extends z.ZodType>(
  text: string,
  line: number,
  file: string,
  schema: S,
  description: string,
): JsonlLine<z.infer<S>> | undefined {
  if (text.trim() === "") return undefined;
  const where = { file, line, description };
  return { value: validLine(parseLine(text, where), schema, where), line };
}

/** Files up to this size are read at once; larger ones are streamed (V8 caps string length). */
const wholeFileLimit = 256 * 2 ** 20;

interface LineLocation {
  file: string;
  line: number;
  description: string;
}

function parseLine(text: string, where: LineLocation): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`Line is not valid JSON in the ${where.description}: ${(error as Error).message}`, {
      file: where.file,
      line: where.line,
      hint: "Each line must be one JSON object",
    });
  }
}

function validLine<S extends z.ZodType>(json: unknown, schema: S, where: LineLocation): z.infer<S> {
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new InputError(
      `Record does not fit the ${where.description} format: ${describeZodIssue(result.error, "(record)")}`,
      { file: where.file, line: where.line },
    );
  }
  return result.data as z.infer<S>;
}

/** The lines of a text ("\n" or "\r\n"). */
function* textLines(text: string): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    yield text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
  }
}

/**
 * The lines of a file ("\n" or "\r\n"), streamed in 1 MB chunks; several times cheaper than
 * node:readline on very large files. Exported for tests only.
 */
export async function* streamedLines(file: string): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const text = rest + decoder.write(chunk as Buffer);
    let start = 0;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
      yield text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest.length > 0) yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}

/** How the lines valens writes start: these four keys, in this order. */
const keyPrefixes = ['{"country":"', ',"topic":"', ',"value":"', ',"polarity":"'] as const;
const headBytes = 256;

/**
 * The four leading key values of a line's head, or undefined when the line does not start
 * with them as valens writes them, or one holds an escape (then the line is parsed whole).
 */
function leadingKeys(head: string): [string, string, string, string] | undefined {
  const values: string[] = [];
  let at = 0;
  for (const prefix of keyPrefixes) {
    if (!head.startsWith(prefix, at)) return undefined;
    at += prefix.length;
    const close = head.indexOf('"', at);
    if (close < 0) return undefined;
    const value = head.slice(at, close);
    if (value.includes("\\")) return undefined;
    values.push(value);
    at = close + 1;
  }
  const after = head.charCodeAt(at);
  return after === 44 || after === 125 ? (values as [string, string, string, string]) : undefined;
}

/**
 * Reads only `country`, `topic`, `value` and `polarity` of each record of an actions file,
 * validated with `schema`. Lines that start with those keys (as valens writes them) are read
 * without parsing their long texts, several times faster than a full parse; any other line is
 * parsed whole. Errors name file and line like `readJsonl`.
 */
export async function readJsonlItemKeys<S extends z.ZodType>(
  file: string,
  schema: S,
  description = "JSONL file",
): Promise<z.infer<S>[]> {
  await assertReadableFile(file, description);
  // Works on bytes: only the head of each line is decoded, so the long texts of a record are
  // neither decoded nor parsed.
  const bytes = await readFile(file);
  const out: z.infer<S>[] = [];
  let lineNumber = 0;
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    lineNumber++;
    const lineEnd = end > start && bytes[end - 1] === 13 ? end - 1 : end;
    const head = bytes.toString("utf8", start, Math.min(lineEnd, start + headBytes));
    const keys = leadingKeys(head);
    const where = { file, line: lineNumber, description };
    if (keys) {
      const [country, topic, value, polarity] = keys;
      out.push(validLine({ country, topic, value, polarity }, schema, where));
    } else {
      const text = lineEnd - start > headBytes ? bytes.toString("utf8", start, lineEnd) : head;
      if (text.trim() !== "") out.push(validLine(parseLine(text, where), schema, where));
    }
    start = end + 1;
  }
  return out;
}

/**
 * Every line of a JSONL file with its line number, validated, with the errors of `readJsonl`.
 * No await per line: several times cheaper than iterating `readJsonl` for a file of small lines.
 */
export async function readJsonlLines<S extends z.ZodType>(
  file: string,
  schema: S,
  description = "JSONL file",
): Promise<JsonlLine<z.infer<S>>[]> {
  await assertReadableFile(file, description);
  const out: JsonlLine<z.infer<S>>[] = [];
  if ((await stat(file)).size > wholeFileLimit) {
    for await (const line of readJsonl(file, schema, description)) out.push(line);
    return out;
  }
  let lineNumber = 0;
  for (const text of textLines(await readFile(file, "utf8"))) {
    const line = jsonlLine(text, ++lineNumber, file, schema, description);
    if (line) out.push(line);
  }
  return out;
}

/** Reads a whole JSONL file into an array of validated records, with the errors of `readJsonl`. */
export async function readJsonlAll<S extends z.ZodType>(
  file: string,
  schema: S,
  description = "JSONL file",
): Promise<z.infer<S>[]> {
  return (await readJsonlLines(file, schema, description)).map((line) => line.value);
}

/**
 * Encodes records as JSONL into ~1 MB buffers, off the JavaScript heap: no joined copy of the
 * text, and nothing for the garbage collector to move.
 */
export class JsonlEncoder {
  private done: Buffer[] = [];
  private buffer = Buffer.allocUnsafe(chunkBytes);
  private length = 0;

  add(record: unknown): void {
    const line = `${JSON.stringify(record)}\n`;
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.length + line.length * 3 > this.buffer.length) {
      this.flush();
      if (line.length * 3 > this.buffer.length) {
        this.done.push(Buffer.from(line, "utf8"));
        return;
      }
    }
    this.length += this.buffer.write(line, this.length, "utf8");
  }

  /** The full buffers so far, each handed out once. */
  take(): Buffer[] {
    const done = this.done;
    this.done = [];
    return done;
  }

  /** Every byte not yet taken. */
  finish(): Buffer[] {
    this.flush();
    return this.take();
  }

  private flush(): void {
    if (this.length === 0) return;
    this.done.push(this.buffer.subarray(0, this.length));
    this.buffer = Buffer.allocUnsafe(chunkBytes);
    this.length = 0;
  }
}

const chunkBytes = 1 << 20;

/** Writes records as JSONL atomically (temporary file, then rename): never half-written. */
export async function writeJsonl(
  file: string,
  records: Iterable<unknown> | AsyncIterable<unknown>,
): Promise<number> {
  let count = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    const encoder = new JsonlEncoder();
    for await (const record of records) {
      encoder.add(record);
      count++;
      yield* encoder.take();
    }
    yield* encoder.finish();
  }
  await writeFileAtomic(file, chunks());
  return count;
}
