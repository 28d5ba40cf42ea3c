import {
  type Catalog,
  type CsvRow,
  InputError,
  parseLlmAnswer,
  parseRating,
  type Task1Record,
} from "@valens/core";
import { toTask1Record } from "../released/task1.js";
import { type CrossCheck, tally } from "./cross-check.js";
import type { Task1Mapping } from "./mapping-schema.js";

export function readVariantCell(cell: string | undefined, file: string, line: number, key: string): number {
  const text = (cell ?? "").trim();
  const variant = /^[0-7]$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(variant))
    throw new InputError(`Invalid variant "${cell ?? ""}" in the column of ${key}`, {
      file,
      line,
      hint: "The variant is the prompt variant, an integer from 0 to 7",
    });
  return variant;
}

/** The task-1 rows of one file, appended to `out`; valens's ratings tallied against the source's parse. */
export function readTask1(
  rows: readonly CsvRow[],
  mapping: Task1Mapping,
  file: string,
  catalog: Catalog,
  out: Task1Record[],
  check: CrossCheck | null,
): void {
  const c = mapping.columns;
  const samples = new Map<string, number>();
  for (const { cells, line } of rows) {
    const where = { file, line };
    const country = catalog.country(cells[c.country] ?? "", where);
    const topic = catalog.topic(cells[c.topic] ?? "", where);
    const variant = readVariantCell(cells[c.variant], file, line, "task1.columns.variant");
    const key = `${country}|${topic}|${variant}`;
    const sample = samples.get(key) ?? 0;
    samples.set(key, sample + 1);
    const record = toTask1Record(cells[c.raw] ?? "", { country, topic, variant, sample }, catalog);
    out.push(record);
    if (c.parsed && check) {
      const theirs = sourceRatings(cells[c.parsed] ?? "", catalog);
      if (theirs !== null) tally(check, sameRatings(record.ratings, theirs), `${file}:${line}`);
    }
  }
}

/** The source's own parse of a task-1 answer as ratings by value; null when it holds none. */
function sourceRatings(text: string, catalog: Catalog): Record<string, number> | null {
  if (text.trim() === "") return null;
  const parsed = parseLlmAnswer(text);
  if (!parsed.ok) return null;
  const ratings: Record<string, number> = {};
  for (const [key, value] of Object.entries(parsed.value)) {
    const entry = catalog.findValue(key);
    const rating = parseRating(value);
    if (entry && rating !== undefined && !(entry.name in ratings)) ratings[entry.name] = rating;
  }
  return ratings;
}

const sameRatings = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};
