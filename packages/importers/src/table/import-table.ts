import {
  type ActionRecord,
  type Catalog,
  type CsvRow,
  defaultCatalog,
  InputError,
  type Polarity,
  RUN_FORMAT_VERSION,
  type RunContents,
  type RunManifest,
  readCsv,
  runTiming,
  sha256File,
  type Task1Record,
  type Task2Record,
  taskSummary,
  VALENS_VERSION,
} from "@valens/core";
import { type CrossCheck, newCheck, tally } from "./cross-check.js";
import type { TableMapping, Task1Mapping, Task2Mapping } from "./mapping-schema.js";
import { mappingError } from "./read-mapping.js";
import { readTask1 } from "./table-task1.js";
import { choiceColumn, readTask2Row, type Task2Row } from "./table-task2.js";

export type { CrossCheck } from "./cross-check.js";

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

/** What the files give, gathered file by file. */
interface Gathered {
  task1: Task1Record[];
  task2: Task2Record[];
  actions: Map<string, ActionRecord>;
  files: ImportTableResult["files"];
  checks: ImportTableResult["checks"];
  differingTexts: number;
  /** Answers so far per (item, variant): a repeat is another sample. */
  samples: Map<string, number>;
}

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

  const gathered: Gathered = {
    task1: [],
    task2: [],
    actions: new Map(),
    files: [],
    checks: {
      task1Parsed: mapping.task1?.columns.parsed ? newCheck() : null,
      task2Polarity: null,
      task2Option: null,
    },
    differingTexts: 0,
    samples: new Map(),
  };
  for (const file of options.files) await readFile(file, mapping, mappingFile, catalog, gathered);
  const { task1, task2, actions, files, checks } = gathered;
  if (task1.length === 0 && task2.length === 0)
    throw new InputError("No task-1 or task-2 rows were read", { file: mappingFile });

  const fileRefs = await sourceFiles(mappingFile, files);
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
    timing: runTiming(startedAt, finishedAt),
    notes: importNotes(gathered),
  };
  return { run: { manifest, actions: [...actions.values()], task1, task2 }, files, checks };
}

/** One CSV file: task 1 or task 2 by its columns. */
async function readFile(
  file: string,
  mapping: TableMapping,
  mappingFile: string,
  catalog: Catalog,
  gathered: Gathered,
): Promise<void> {
  const rows: CsvRow[] = [];
  for await (const row of readCsv(file, { description: "table CSV" })) rows.push(row);
  const header = Object.keys(rows[0]?.cells ?? {});
  const task = taskOf(mapping, header, file, mappingFile);
  gathered.files.push({ file, task, rows: rows.length });
  if (task === 1) {
    readTask1(
      rows,
      mapping.task1 as Task1Mapping,
      file,
      catalog,
      gathered.task1,
      gathered.checks.task1Parsed,
    );
    return;
  }
  const { checks } = gathered;
  const t2 = mapping.task2 as Task2Mapping;
  const choice = choiceColumn(t2);
  if (t2.columns.polarity && choice !== "polarity") checks.task2Polarity ??= newCheck();
  if (t2.columns.option && choice !== "option") checks.task2Option ??= newCheck();
  for (const row of rows) {
    const read = readTask2Row(row, t2, choice, file, mappingFile, catalog);
    const itemVariant = `${read.record.country}|${read.record.topic}|${read.record.value}|${read.record.variant}`;
    const samePrior = gathered.samples.get(itemVariant) ?? 0;
    gathered.samples.set(itemVariant, samePrior + 1);
    read.record.sample = samePrior;
    gathered.task2.push(read.record);
    const where = `${file}:${row.line}`;
    if (read.record.chosen !== null) {
      if (read.sourcePolarity !== undefined && read.sourcePolarity !== null)
        tally(checks.task2Polarity, read.sourcePolarity === read.record.chosen, where);
      if (read.sourceOption !== undefined && read.sourceOption !== null)
        tally(checks.task2Option, read.sourceOption === read.record.chosen, where);
    }
    addActions(read, gathered);
  }
}

/** The row's action texts as actions; the first text of an action is kept, others counted. */
function addActions(read: Task2Row, gathered: Gathered): void {
  for (const [polarity, text] of Object.entries(read.texts) as [Polarity, string | undefined][]) {
    if (text === undefined) continue;
    const key = `${read.record.country}|${read.record.topic}|${read.record.value}|${polarity}`;
    const known = gathered.actions.get(key);
    if (known === undefined)
      gathered.actions.set(key, {
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
    else if (known.action !== text) gathered.differingTexts++;
  }
}

function importNotes({ task1, task2, differingTexts, checks }: Gathered): string[] {
  const notes: string[] = [];
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
  return notes;
}

/** The manifest's source files: the mapping, then t1, t2, t1-2, ... in the order given. */
async function sourceFiles(
  mappingFile: string,
  files: ImportTableResult["files"],
): Promise<RunManifest["source"]["files"]> {
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
  return fileRefs;
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
