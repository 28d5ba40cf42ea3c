import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import {
  type ActionRecord,
  actionRecordSchema,
  assertReadableFile,
  type Catalog,
  defaultCatalog,
  describeZodIssue,
  itemKey,
} from "@valens/core";

export const VALIDATION_KINDS = [
  "schema",
  "unparsed",
  "not-one-sentence",
  "over-50-words",
  "not-first-person",
  "attribution-not-in-action",
  "missing-explanation",
  "same-as-other-polarity",
  "missing-polarity",
  "unknown-name",
] as const;
export type ValidationKind = (typeof VALIDATION_KINDS)[number];

export interface ValidationIssue {
  kind: ValidationKind;
  /** 1-based line of the record in the dataset file. */
  line: number;
  item: string | null;
  detail: string;
}

export interface ValidationReport {
  file: string;
  records: number;
  /** Records with no issue at all. */
  valid: number;
  counts: Record<ValidationKind, number>;
  /** Up to `examples` issues of each kind, in file order. */
  examples: Record<ValidationKind, ValidationIssue[]>;
}

const MAX_WORDS = 50;
const FIRST_PERSON = /\b(I|me|my|mine|myself|we|us|our|ours|ourselves)\b/i;
// A sentence end inside the text: terminator, optional closing quote, space, then a capital.
const SENTENCE_BREAK =
  /(?<!\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|etc|e\.g|i\.e|U\.S|U\.K|a\.m|p\.m))[.!?]["'\u201d\u2019)]*\s+(?=["'\u201c\u2018(]?[A-Z])/;
const normal = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

export const wordCount = (text: string): number => text.trim().split(/\s+/).filter(Boolean).length;

/** The issues of one parsed record that concern only itself. */
export function recordIssues(
  record: ActionRecord,
  line: number,
  catalog: Catalog = defaultCatalog,
): ValidationIssue[] {
  const item = itemKey(record);
  const issue = (kind: ValidationKind, detail: string): ValidationIssue => ({ kind, line, item, detail });
  // Names the catalog does not know make the record unusable by the measures.
  const unknown = [
    catalog.findCountry(record.country) === undefined ? `country "${record.country}"` : null,
    catalog.findTopic(record.topic) === undefined ? `topic "${record.topic}"` : null,
    catalog.findValue(record.value) === undefined ? `value "${record.value}"` : null,
  ].filter((u): u is string => u !== null);
  const nameIssues =
    unknown.length > 0 ? [issue("unknown-name", `not in the catalog: ${unknown.join(", ")}`)] : [];
  if (record.parseStatus === "failed" || record.action === null) {
    return [...nameIssues, issue("unparsed", record.parseNote ?? "the generator's answer could not be read")];
  }
  const issues: ValidationIssue[] = [...nameIssues];
  const action = record.action.trim();
  if (SENTENCE_BREAK.test(action)) issues.push(issue("not-one-sentence", action));
  const words = wordCount(action);
  if (words > MAX_WORDS) issues.push(issue("over-50-words", `${words} words`));
  if (!FIRST_PERSON.test(action)) issues.push(issue("not-first-person", action));
  if (record.attributions.length === 0)
    issues.push(issue("attribution-not-in-action", "no feature attributions given"));
  for (const span of record.attributions) {
    if (!normal(action).includes(normal(span))) issues.push(issue("attribution-not-in-action", `"${span}"`));
  }
  if (record.explanation === null || record.explanation.trim() === "")
    issues.push(issue("missing-explanation", "no natural-language explanation"));
  return issues;
}

/**
 * Checks every record of a dataset file: the schema, then each action's form (one first-person
 * sentence of at most 50 words), its attributions (spans of the action), its explanation, and
 * per item that both polarities exist and differ. Never stops at the first problem.
 */
export async function validateDatasetFile(
  file: string,
  exampleCount = 3,
  catalog: Catalog = defaultCatalog,
): Promise<ValidationReport> {
  await assertReadableFile(file, "dataset");
  const issues: ValidationIssue[] = [];
  const byItem = new Map<string, ItemEntry>();
  const seen = (record: ActionRecord, line: number) => {
    issues.push(...recordIssues(record, line, catalog));
    const key = itemKey(record);
    const entry = byItem.get(key) ?? {};
    if (!entry[record.polarity]) entry[record.polarity] = { line, action: record.action };
    byItem.set(key, entry);
  };
  let records: number;
  // The published VIA CSV is read as the dataset it becomes (line = its CSV line).
  if (/\.csv$/i.test(file)) {
    const { readViaCsv } = await import("./via-csv.js");
    const rows = await readViaCsv(file);
    for (const [index, record] of rows.entries()) seen(record, index + 2);
    records = rows.length;
  } else {
    records = await readJsonlRecords(file, issues, seen);
  }
  issues.push(...polarityIssues(byItem));
  return summarise(file, records, issues, exampleCount);
}

/** The first action of each polarity of an item, with its line. */
type ItemEntry = {
  positive?: { line: number; action: string | null };
  negative?: { line: number; action: string | null };
};

/** Each JSONL line's record to `seen`; a line that is not a valid record is a schema issue. Returns the record count. */
async function readJsonlRecords(
  file: string,
  issues: ValidationIssue[],
  seen: (record: ActionRecord, line: number) => void,
): Promise<number> {
  let records = 0;
  let lineNumber = 0;
  const lines = createInterface({
    input: createReadStream(file, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const text of lines) {
    lineNumber++;
    if (text.trim() === "") continue;
    records++;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      issues.push({
        kind: "schema",
        line: lineNumber,
        item: null,
        detail: `not JSON: ${(error as Error).message}`,
      });
      continue;
    }
    const parsed = actionRecordSchema.safeParse(json);
    if (!parsed.success) {
      issues.push({
        kind: "schema",
        line: lineNumber,
        item: null,
        detail: describeZodIssue(parsed.error, "(record)"),
      });
      continue;
    }
    seen(parsed.data, lineNumber);
  }
  return records;
}

/** Items missing a polarity, and items whose two actions are the same text. */
function polarityIssues(byItem: ReadonlyMap<string, ItemEntry>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [item, entry] of byItem) {
    const present = entry.positive ?? entry.negative;
    if (!entry.positive || !entry.negative) {
      issues.push({
        kind: "missing-polarity",
        line: present?.line ?? 0,
        item,
        detail: `no ${entry.positive ? "negative" : "positive"} action`,
      });
    } else if (
      entry.positive.action !== null &&
      entry.negative.action !== null &&
      normal(entry.positive.action) === normal(entry.negative.action)
    ) {
      issues.push({
        kind: "same-as-other-polarity",
        line: entry.negative.line,
        item,
        detail: `same text as line ${entry.positive.line}`,
      });
    }
  }
  return issues;
}

function summarise(
  file: string,
  records: number,
  issues: ValidationIssue[],
  exampleCount: number,
): ValidationReport {
  issues.sort((a, b) => a.line - b.line);
  const counts = Object.fromEntries(VALIDATION_KINDS.map((k) => [k, 0])) as Record<ValidationKind, number>;
  const examples = Object.fromEntries(VALIDATION_KINDS.map((k) => [k, []])) as unknown as Record<
    ValidationKind,
    ValidationIssue[]
  >;
  const badLines = new Set<number>();
  for (const issue of issues) {
    counts[issue.kind]++;
    badLines.add(issue.line);
    if (examples[issue.kind].length < exampleCount) examples[issue.kind].push(issue);
  }
  return { file, records, valid: records - badLines.size, counts, examples };
}
