import {
  type Catalog,
  defaultCatalog,
  InputError,
  parseLlmAnswer,
  parseRating,
  readCsv,
  type Task1Record,
} from "@valens/core";

export const TASK1_COLUMNS = ["country", "topic", "response", "prompt_index"] as const;

export interface Task1Import {
  file: string;
  records: Task1Record[];
  counts: {
    records: number;
    clean: number;
    repaired: number;
    failed: number;
    /** Ratings read, over all answers. */
    ratings: number;
    /** Answer entries that name no known value or hold no 1-4 rating (kept in `unrecognized`). */
    unrecognized: number;
  };
}

/**
 * Reads the study's task-1 CSV: one record per row (variant = prompt_index). Every answer is
 * kept: unreadable ones with status "failed" and their raw text, unknown keys and ratings
 * outside 1-4 in `unrecognized`. A repeated (scenario, variant) becomes another sample.
 */
export async function importTask1(file: string, options: { catalog?: Catalog } = {}): Promise<Task1Import> {
  const catalog = options.catalog ?? defaultCatalog;
  const description = "task-1 CSV";
  const records: Task1Record[] = [];
  const samples = new Map<string, number>();
  const counts = { records: 0, clean: 0, repaired: 0, failed: 0, ratings: 0, unrecognized: 0 };

  for await (const { cells, line } of readCsv(file, { requiredColumns: TASK1_COLUMNS, description })) {
    const where = { file, line };
    const country = catalog.country(cells.country ?? "", where);
    const topic = catalog.topic(cells.topic ?? "", where);
    const variant = readVariant(cells.prompt_index, file, line);
    const key = `${country}|${topic}|${variant}`;
    const sample = samples.get(key) ?? 0;
    samples.set(key, sample + 1);
    const raw = cells.response ?? "";
    const record = toTask1Record(raw, { country, topic, variant, sample }, catalog);
    counts.records++;
    counts[record.parseStatus]++;
    counts.ratings += Object.keys(record.ratings).length;
    counts.unrecognized += Object.keys(record.unrecognized).length;
    records.push(record);
  }
  return { file, records, counts };
}

export function readVariant(cell: string | undefined, file: string, line: number): number {
  const text = (cell ?? "").trim();
  const variant = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!(variant >= 0 && variant <= 7)) {
    throw new InputError(`Invalid prompt_index "${cell ?? ""}"`, {
      file,
      line,
      hint: "prompt_index is the prompt variant, an integer from 0 to 7",
    });
  }
  return variant;
}

/** Reads one Task-1 answer into ratings by canonical value name. */
export function toTask1Record(
  raw: string,
  scenario: { country: string; topic: string; variant: number; sample: number },
  catalog: Catalog = defaultCatalog,
): Task1Record {
  const parsed = parseLlmAnswer(raw);
  if (!parsed.ok) {
    return {
      ...scenario,
      raw,
      parseStatus: "failed",
      parseNote: parsed.reason,
      ratings: {},
      unrecognized: {},
    };
  }
  const ratings: Record<string, number> = {};
  const unrecognized: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ratingEntries(parsed.value, catalog))) {
    const entry = catalog.findValue(key);
    const rating = parseRating(value);
    if (entry && rating !== undefined && !(entry.name in ratings)) ratings[entry.name] = rating;
    else unrecognized[key] = value;
  }
  return {
    ...scenario,
    raw,
    parseStatus: parsed.status,
    ...(parsed.note === undefined ? {} : { parseNote: parsed.note }),
    ratings,
    unrecognized,
  };
}

/** The value -> rating object; some answers wrap it in one key ({"ratings": {...}}). */
function ratingEntries(object: Record<string, unknown>, catalog: Catalog): Record<string, unknown> {
  const keys = Object.keys(object);
  if (keys.some((key) => catalog.findValue(key))) return object;
  const nested = keys
    .map((key) => object[key])
    .filter((v) => typeof v === "object" && v !== null && !Array.isArray(v));
  if (nested.length === 1) return nested[0] as Record<string, unknown>;
  return object;
}
