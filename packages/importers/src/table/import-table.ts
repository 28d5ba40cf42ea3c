import {
  type ActionRecord,
  type Catalog,
  type CsvRow,
  defaultCatalog,
  InputError,
  importTiming,
  type OptionOrder,
  type Polarity,
  parseLlmAnswer,
  parseOption,
  parseRating,
  polarityOfOption,
  REVERSED_VARIANTS,
  RUN_FORMAT_VERSION,
  type RunContents,
  type RunManifest,
  readCsv,
  readTask2Answer,
  sha256File,
  type Task1Record,
  type Task2Record,
  taskSummary,
  VALENS_VERSION,
} from "@valens/core";
import { toTask1Record } from "../released/task1.js";
import type { TableMapping, Task1Mapping, Task2Mapping } from "./mapping-schema.js";
import { codeKey, mappingError } from "./read-mapping.js";

export interface ImportTableOptions {
  /** CSV files; each is task 1 or task 2 by its columns. */
  files: readonly string[];
  mapping: TableMapping;
  /** The mapping's path (errors name it; the manifest records it). */
  mappingFile: string;
  /** Model name; default the mapping's `model`. */
  model?: string;
  catalog?: Catalog;
  now?: () => Date;
}

/** How often valens's reading of the answers agrees with the source's own. */
export interface CrossCheck {
  compared: number;
  agree: number;
  /** The first disagreements, "file:line". */
  examples: string[];
}

export interface ImportTableResult {
  run: RunContents;
  files: { file: string; task: 1 | 2; rows: number }[];
  checks: {
    /** Task 1: valens's ratings against the source's parsed answer, per answer. */
    task1Parsed: CrossCheck | null;
    /** Task 2: the chosen polarity against the source's polarity column. */
    task2Polarity: CrossCheck | null;
    /** Task 2: the chosen polarity against the source's parsed option, mapped through the order. */
    task2Option: CrossCheck | null;
  };
}

const newCheck = (): CrossCheck => ({ compared: 0, agree: 0, examples: [] });
const tally = (check: CrossCheck | null, same: boolean, where: string): void => {
  if (!check) return;
  check.compared++;
  if (same) check.agree++;
  else if (check.examples.length < 5) check.examples.push(where);
};

/**
 * Reads a reproduction's CSV files into a run, as the mapping file says: which column holds
 * what, which option showed the positive action in the normal order, how polarity and order are
 * coded. Where the source kept its own parse, valens's reading is compared with it.
 */
export async function importTable(options: ImportTableOptions): Promise<ImportTableResult> {
  const { mapping, mappingFile } = options;
  const catalog = options.catalog ?? defaultCatalog;
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const model = options.model ?? mapping.model;
  if (model === undefined || model.trim() === "")
    throw new InputError("No model name", {
      file: mappingFile,
      hint: "Pass --model <name> or set model: in the mapping",
    });
  if (options.files.length === 0)
    throw new InputError("No CSV file given", { hint: "Pass one or more CSV files" });

  const task1: Task1Record[] = [];
  const task2: Task2Record[] = [];
  const actions = new Map<string, ActionRecord>();
  const files: ImportTableResult["files"] = [];
  const checks: ImportTableResult["checks"] = {
    task1Parsed: mapping.task1?.columns.parsed ? newCheck() : null,
    task2Polarity: null,
    task2Option: null,
  };
  const notes: string[] = [];
  let differingTexts = 0;
  /** Answers so far per (item, variant): a repeat is another sample. */
  const samples = new Map<string, number>();

  for (const file of options.files) {
    const rows: CsvRow[] = [];
    for await (const row of readCsv(file, { description: "table CSV" })) rows.push(row);
    const header = Object.keys(rows[0]?.cells ?? {});
    const task = taskOf(mapping, header, file, mappingFile);
    files.push({ file, task, rows: rows.length });
    if (task === 1) {
      readTask1(rows, mapping.task1 as Task1Mapping, file, catalog, task1, checks.task1Parsed);
      continue;
    }
    const t2 = mapping.task2 as Task2Mapping;
    const choice = choiceColumn(t2);
    if (t2.columns.polarity && choice !== "polarity") checks.task2Polarity ??= newCheck();
    if (t2.columns.option && choice !== "option") checks.task2Option ??= newCheck();
    for (const row of rows) {
      const read = readTask2Row(row, t2, choice, file, mappingFile, catalog);
      const itemVariant = `${read.record.country}|${read.record.topic}|${read.record.value}|${read.record.variant}`;
      const samePrior = samples.get(itemVariant) ?? 0;
      samples.set(itemVariant, samePrior + 1);
      read.record.sample = samePrior;
      task2.push(read.record);
      const where = `${file}:${row.line}`;
      if (read.record.chosen !== null) {
        if (read.sourcePolarity !== undefined && read.sourcePolarity !== null)
          tally(checks.task2Polarity, read.sourcePolarity === read.record.chosen, where);
        if (read.sourceOption !== undefined && read.sourceOption !== null)
          tally(checks.task2Option, read.sourceOption === read.record.chosen, where);
      }
      for (const [polarity, text] of Object.entries(read.texts) as [Polarity, string | undefined][]) {
        if (text === undefined) continue;
        const key = `${read.record.country}|${read.record.topic}|${read.record.value}|${polarity}`;
        const known = actions.get(key);
        if (known === undefined)
          actions.set(key, {
            country: read.record.country,
            topic: read.record.topic,
            value: read.record.value,
            polarity,
            action: text,
            attributions: [],
            explanation: null,
            raw: text,
            parseStatus: "clean",
            parseNote: "action text of the imported table",
          });
        else if (known.action !== text) differingTexts++;
      }
    }
  }
  if (task1.length === 0 && task2.length === 0)
    throw new InputError("No task-1 or task-2 rows were read", { file: mappingFile });

  const t1Failed = task1.filter((r) => r.parseStatus === "failed").length;
  if (t1Failed > 0) notes.push(`${t1Failed} task-1 answers could not be read (kept with their raw text)`);
  const t2Failed = task2.filter((r) => r.chosen === null).length;
  if (t2Failed > 0) notes.push(`${t2Failed} task-2 answers name no option (kept with their raw text)`);
  if (differingTexts > 0)
    notes.push(
      `${differingTexts} rows give an item's action a different text than an earlier row (the first is kept)`,
    );
  for (const [label, check] of [
    ["task-1 answers: valens's ratings equal the source's parse", checks.task1Parsed],
    ["task-2 answers: valens's chosen polarity equals the source's polarity column", checks.task2Polarity],
    ["task-2 answers: valens's chosen polarity equals the source's parsed option", checks.task2Option],
  ] as const) {
    if (check)
      notes.push(
        `${label} on ${check.agree} of ${check.compared}${check.examples.length > 0 ? ` (first differences: ${check.examples.join(", ")})` : ""}`,
      );
  }

  const fileRefs: RunManifest["source"]["files"] = {
    map: { path: mappingFile, sha256: await sha256File(mappingFile) },
  };
  const roles = new Map<string, number>();
  for (const { file, task } of files) {
    const base = `t${task}`;
    const n = (roles.get(base) ?? 0) + 1;
    roles.set(base, n);
    fileRefs[n === 1 ? base : `${base}-${n}`] = { path: file, sha256: await sha256File(file) };
  }
  const finishedAt = now();
  const manifest: RunManifest = {
    kind: "valens-run",
    formatVersion: RUN_FORMAT_VERSION,
    valensVersion: VALENS_VERSION,
    createdAt: finishedAt.toISOString(),
    model: { name: model, served: [], systemFingerprints: [] },
    source: { type: "import-table", files: fileRefs },
    tasks: {
      task1: task1.length > 0 ? taskSummary(task1) : null,
      task2: task2.length > 0 ? taskSummary(task2) : null,
    },
    parameters: {},
    timing: importTiming(startedAt, finishedAt),
    notes,
  };
  return { run: { manifest, actions: [...actions.values()], task1, task2 }, files, checks };
}

/** Task 2 when the file has every task-2 column (its rows name a value), else task 1. */
function taskOf(mapping: TableMapping, header: readonly string[], file: string, mappingFile: string): 1 | 2 {
  const has = new Set(header);
  const missing = (columns: Record<string, string | undefined>, prefix: string) =>
    Object.entries(columns)
      .find(([, name]) => name !== undefined && !has.has(name))
      ?.map((x, i) => (i === 0 ? `${prefix}.columns.${x}` : x)) as [string, string] | undefined;
  const t2Missing = mapping.task2 ? missing(mapping.task2.columns, "task2") : undefined;
  if (mapping.task2 && !t2Missing) return 2;
  const t1Missing = mapping.task1 ? missing(mapping.task1.columns, "task1") : undefined;
  if (mapping.task1 && !t1Missing) return 1;
  // Name the key of the task the file looks most like: one with the task-2 value column is task 2.
  const looksTask2 =
    mapping.task2 !== undefined && (mapping.task1 === undefined || has.has(mapping.task2.columns.value));
  const [key, column] = (looksTask2 ? t2Missing : t1Missing) ?? t2Missing ?? t1Missing ?? ["task1", ""];
  throw mappingError(
    mappingFile,
    key,
    `names the column "${column}", which ${file} does not have (its columns: ${header.join(", ")})`,
    "Correct the column name in the mapping, or pass the file the mapping is for",
  );
}

function readVariantCell(cell: string | undefined, file: string, line: number, key: string): number {
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

function readTask1(
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

const choiceColumn = (mapping: Task2Mapping): "raw" | "option" | "polarity" =>
  mapping.conventions.choice ??
  (mapping.columns.raw ? "raw" : mapping.columns.option ? "option" : "polarity");

interface Task2Row {
  record: Task2Record;
  texts: Partial<Record<Polarity, string>>;
  /** The source's polarity column, decoded (undefined: no such column; null: empty). */
  sourcePolarity?: Polarity | null;
  /** The source's parsed option mapped to a polarity. */
  sourceOption?: Polarity | null;
}

function readTask2Row(
  { cells, line }: CsvRow,
  mapping: Task2Mapping,
  choice: "raw" | "option" | "polarity",
  file: string,
  mappingFile: string,
  catalog: Catalog,
): Task2Row {
  const { columns: c, conventions: k } = mapping;
  const where = { file, line };
  const country = catalog.country(cells[c.country] ?? "", where);
  const topic = catalog.topic(cells[c.topic] ?? "", where);
  const value = catalog.value(cells[c.value] ?? "", where).name;
  const variant = readVariantCell(cells[c.variant], file, line, "task2.columns.variant");
  const sourceReversed = c.order
    ? decode(
        cells[c.order] ?? "",
        k.order as { normal: string[]; reversed: string[] },
        ["normal", "reversed"],
        "task2.conventions.order",
        file,
        line,
        mappingFile,
      ) === "reversed"
    : REVERSED_VARIANTS.has(variant);
  // valens's order is the study's: "normal" shows the negative action as Option 1. A source whose
  // normal order shows the positive one first is reversed in the study's terms, and vice versa.
  const order: OptionOrder = sourceReversed !== (k.positiveOption === 1) ? "reversed" : "normal";
  const texts: Partial<Record<Polarity, string>> = {};
  if (c.positiveAction && c.negativeAction) {
    texts.positive = cells[c.positiveAction];
    texts.negative = cells[c.negativeAction];
  } else if (c.option1Action && c.option2Action) {
    const first = cells[c.option1Action];
    const second = cells[c.option2Action];
    texts.positive = k.positiveOption === 1 ? first : second;
    texts.negative = k.positiveOption === 1 ? second : first;
  }
  // The texts as this row showed them, for answers that name the option by its text.
  const shown =
    order === "normal"
      ? { option1: texts.negative, option2: texts.positive }
      : { option1: texts.positive, option2: texts.negative };
  const sourcePolarity = c.polarity
    ? (cells[c.polarity] ?? "").trim() === ""
      ? null
      : (decode(
          cells[c.polarity] ?? "",
          k.polarity as { positive: string[]; negative: string[] },
          ["positive", "negative"],
          "task2.conventions.polarity",
          file,
          line,
          mappingFile,
        ) as Polarity)
    : undefined;
  const optionNumber = c.option ? parseOption(cells[c.option] ?? "") : undefined;
  const sourceOption = c.option
    ? optionNumber === undefined
      ? null
      : polarityOfOption(optionNumber, order)
    : undefined;
  const explanationCell = c.explanation ? (cells[c.explanation] ?? "").trim() : "";
  const base = { country, topic, value, variant, sample: 0, order };
  let record: Task2Record;
  if (choice === "raw") {
    const raw = cells[c.raw as string] ?? "";
    const answer = readTask2Answer(raw, order, {
      ...(shown.option1 === undefined ? {} : { option1: shown.option1 }),
      ...(shown.option2 === undefined ? {} : { option2: shown.option2 }),
    });
    record = { ...base, raw, ...answer, explanation: answer.explanation ?? (explanationCell || null) };
  } else {
    const chosen = choice === "option" ? (sourceOption ?? null) : (sourcePolarity ?? null);
    record = {
      ...base,
      chosen,
      answer: optionNumber === undefined ? null : `Option ${optionNumber}`,
      explanation: explanationCell || null,
      raw: c.raw ? (cells[c.raw] ?? null) : null,
      parseStatus: chosen === null ? "failed" : "clean",
      parseNote:
        chosen === null
          ? `the ${choice} column names no choice`
          : `chosen from the ${choice} column of the table`,
    };
  }
  return {
    record,
    texts,
    ...(sourcePolarity === undefined ? {} : { sourcePolarity }),
    ...(sourceOption === undefined ? {} : { sourceOption }),
  };
}

function decode<K extends string>(
  cell: string,
  codes: Record<K, string[]>,
  kinds: readonly K[],
  key: string,
  file: string,
  line: number,
  mappingFile: string,
): K {
  const text = codeKey(cell);
  for (const kind of kinds) if (codes[kind].some((code) => codeKey(code) === text)) return kind;
  throw new InputError(
    `"${cell}" is not one of the codes of mapping key ${key} (${kinds.map((kind) => `${kind}: ${codes[kind].join("/")}`).join("; ")})`,
    {
      file,
      line,
      hint: `Add the code to ${key} in ${mappingFile}`,
    },
  );
}
