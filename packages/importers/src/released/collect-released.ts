import {
  type ActionRecord,
  defaultCatalog,
  InputError,
  itemKey,
  RUN_FORMAT_VERSION,
  type RunContents,
  type RunManifest,
  runTiming,
  sha256File,
  type Task2Record,
  type TaskSummary,
  taskSummary,
  VALENS_VERSION,
  type ViaFileImport,
  type ViaImport,
} from "@valens/core";
import type { ImportReleasedOptions, ImportReleasedResult, MisalignedSummary } from "./import-released.js";
import {
  compareWithList,
  type LabelCheck,
  type ListAgreement,
  labelNotes,
  type MisalignedList,
  type Reconstruction,
  readMisalignedList,
  reconstructFromList,
} from "./misaligned-list.js";
import { importTask1, type Task1Import } from "./task1.js";
import { importTask2Csv } from "./task2-csv.js";
import { importTask2Log, type Task2LogImport } from "./task2-log.js";
import { importTask2Samples, type Task2SamplesImport } from "./task2-samples.js";

export interface Collected<V extends ViaImport | ViaFileImport> extends Omit<ImportReleasedResult, "run"> {
  run: Omit<RunContents, "actions">;
  /** The VIA reader's actions (only their keys when it wrote them to a file), or the samples'. */
  actions: readonly (V["actions"][number] | ActionRecord)[];
}

/** The files read before task 2 is put together, and the notes about them so far. */
interface Inputs<V extends ViaImport | ViaFileImport> {
  via: V | undefined;
  task1: Task1Import;
  list: MisalignedList | undefined;
  log: Task2LogImport | undefined;
  /** The manifest's source files by role, in the order they were read. */
  files: Record<string, string>;
  notes: string[];
}

/** Task 2 as the sources give it, before the misaligned-item list is applied. */
interface Task2Part<V extends ViaImport | ViaFileImport> {
  records: Task2Record[] | null;
  counts: ImportReleasedResult["task2"];
  actions: Collected<V>["actions"];
  misaligned: MisalignedSummary | null;
  reconstructed: TaskSummary["reconstructed"];
}

/** Reads the released files; the VIA file with `readVia`. */
export async function collectReleased<V extends ViaImport | ViaFileImport>(
  options: ImportReleasedOptions,
  readVia: (file: string) => Promise<V>,
): Promise<Collected<V>> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  checkSources(options);
  const inputs = await readInputs(options, readVia);
  const { via, task1, list, notes } = inputs;
  const task2 = await readTask2(options, inputs);
  if (list) applyList(list, task1, via, task2, notes);
  checkTask2(options, task2, notes);
  const fileRefs: RunManifest["source"]["files"] = {};
  for (const [role, path] of Object.entries(inputs.files))
    fileRefs[role] = { path, sha256: await sha256File(path) };
  const finishedAt = now();
  const manifest: RunManifest = {
    kind: "valens-run",
    formatVersion: RUN_FORMAT_VERSION,
    valensVersion: VALENS_VERSION,
    createdAt: finishedAt.toISOString(),
    model: { name: options.model, served: [], systemFingerprints: [] },
    source: { type: "import-released", files: fileRefs },
    ...(via && fileRefs.via
      ? { dataset: { sha256: fileRefs.via.sha256, records: via.counts.rows, name: "VIA (imported)" } }
      : {}),
    tasks: {
      task1: taskSummary(task1.records),
      task2:
        task2.records === null
          ? null
          : {
              ...taskSummary(task2.records),
              ...(task2.reconstructed ? { reconstructed: task2.reconstructed } : {}),
            },
    },
    parameters: {},
    timing: runTiming(startedAt, finishedAt),
    notes,
  };
  return {
    run: { manifest, task1: task1.records, task2: task2.records ?? [] },
    actions: task2.actions,
    via: via?.counts ?? null,
    task1: task1.counts,
    task2: task2.counts,
    misaligned: task2.misaligned,
  };
}

/** Refuses option combinations that cannot make a run, before any file is read. */
function checkSources(options: ImportReleasedOptions): void {
  const sources = [options.t2Log, options.t2, options.t2Samples].filter((s) => s !== undefined);
  if (sources.length > 1) {
    throw new InputError("Give one task-2 source: --t2-log, --t2 or --t2-samples", {
      hint: "Import each into its own run directory",
    });
  }
  if (options.model.trim() === "")
    throw new InputError("The model name is empty", { hint: "Pass --model <name>" });
  if (reconstructs(options) && options.via === undefined) {
    throw new InputError(
      "Reconstructing task 2 from a misaligned-item list needs the VIA file (the item set)",
      {
        file: options.misaligned ?? "",
        hint: "Add --via <via.csv>",
      },
    );
  }
  if (options.t2Log !== undefined && options.via === undefined) {
    throw new InputError("The task-2 log refers to VIA rows by position, so it needs the VIA file", {
      file: options.t2Log,
      hint: "Add --via <via.csv>",
    });
  }
}

/** Reads VIA, task 1, the misaligned-item list and the task-2 log, in that order. */
async function readInputs<V extends ViaImport | ViaFileImport>(
  options: ImportReleasedOptions,
  readVia: (file: string) => Promise<V>,
): Promise<Inputs<V>> {
  const catalog = options.catalog ?? defaultCatalog;
  const notes: string[] = [];
  const files: Record<string, string> = { t1: options.t1 };
  if (options.via !== undefined) files.via = options.via;
  const via = options.via === undefined ? undefined : await readVia(options.via);
  const task1 = await importTask1(options.t1, { catalog });
  const list =
    options.misaligned === undefined ? undefined : await readMisalignedList(options.misaligned, { catalog });
  if (options.misaligned !== undefined) files.misaligned = options.misaligned;
  const log =
    options.t2Log !== undefined && via !== undefined ? await importTask2Log(options.t2Log, via) : undefined;
  if (via) {
    if (via.counts.failed > 0)
      notes.push(
        `${via.counts.failed} VIA rows have no readable action (refusals or unreadable answers; kept with their raw text)`,
      );
    if (via.counts.duplicates > 0)
      notes.push(`${via.counts.duplicates} VIA rows repeat an earlier row exactly and were merged into it`);
  }

  if (task1.counts.failed > 0)
    notes.push(`${task1.counts.failed} task-1 answers could not be read (kept with their raw text)`);
  if (task1.counts.unrecognized > 0)
    notes.push(
      `${task1.counts.unrecognized} task-1 answer entries name no known value or hold no 1-4 rating (kept in "unrecognized")`,
    );
  return { via, task1, list, log, files, notes };
}

/** Task 2 from whichever source was given (log, CSV or samples), or none. */
async function readTask2<V extends ViaImport | ViaFileImport>(
  options: ImportReleasedOptions,
  inputs: Inputs<V>,
): Promise<Task2Part<V>> {
  const catalog = options.catalog ?? defaultCatalog;
  const { via, log, files, notes } = inputs;
  const part: Task2Part<V> = {
    records: null,
    counts: null,
    actions: via?.actions ?? [],
    misaligned: null,
    reconstructed: undefined,
  };
  if (options.t2Log !== undefined && log) {
    files["t2-log"] = options.t2Log;
    part.records = log.records;
    part.counts = { records: log.records.length, lines: log.counts.lines };
    const others = log.models.filter((m) => !m.toLowerCase().includes(options.model.toLowerCase()));
    if (others.length > 0)
      notes.push(`The task-2 log names the model ${others.join(", ")} (imported as "${options.model}")`);
  } else if (options.t2 !== undefined) {
    files.t2 = options.t2;
    const csv = await importTask2Csv(options.t2, { ...(via ? { via } : {}), catalog });
    part.records = csv.records;
    part.counts = { records: csv.records.length, rows: csv.counts.rows };
  } else if (options.t2Samples !== undefined) {
    files["t2-samples"] = options.t2Samples;
    const samples = await importTask2Samples(options.t2Samples, {
      ...(via && !("written" in via) ? { via } : {}),
      catalog,
    });
    part.records = samples.records;
    part.counts = { ...samples.counts, records: samples.records.length };
    part.actions = uniqueActions(samples.actions);
    notes.push(...samplesNotes(samples, via !== undefined));
  }
  return part;
}

/** Task 2 reconstructed from the list when no source gave it, else the run compared with the list. */
function applyList<V extends ViaImport | ViaFileImport>(
  list: MisalignedList,
  task1: Task1Import,
  via: V | undefined,
  task2: Task2Part<V>,
  notes: string[],
): void {
  if (task2.records === null) {
    const viaActions = via && !("written" in via) ? via.actions : [];
    const result = reconstructFromList(list, viaActions, task1.records);
    task2.records = result.records;
    task2.counts = { ...result.counts, records: result.records.length };
    task2.misaligned = summaryOf(list, result.labels, result.counts, null);
    task2.reconstructed = {
      from: "misaligned-list",
      file: list.file,
      items: result.counts.items,
      misaligned: result.counts.misaligned,
      unknown: RECONSTRUCTION_UNKNOWN,
    };
    notes.push(...reconstructionNotes(result));
  } else {
    const agreement = compareWithList(list, task2.records, task1.records);
    task2.misaligned = summaryOf(list, agreement.labels, null, agreement);
    notes.push(
      `The run's misaligned set and the misaligned-item list agree on ${agreement.both} items; ${agreement.onlyRun} only in the run, ${agreement.onlyList} only in the list (Jaccard ${agreement.jaccard.toFixed(3)})`,
    );
  }
  notes.push(...labelNotes(task2.misaligned.labels, list.entries.length));
}

/** Refuses an empty task-2 file; notes the items task 2 left without a choice. */
function checkTask2<V extends ViaImport | ViaFileImport>(
  options: ImportReleasedOptions,
  task2: Task2Part<V>,
  notes: string[],
): void {
  const { records, actions, reconstructed } = task2;
  if (records !== null && records.length === 0) {
    throw new InputError("The task-2 file has no records", {
      file: options.t2Log ?? options.t2 ?? options.t2Samples ?? "",
    });
  }
  if (records !== null && options.t2Samples === undefined && actions.length > 0) {
    const answered = new Set(records.map(itemKey));
    const items = new Set(actions.map(itemKey));
    const missing = [...items].filter((key) => !answered.has(key)).length;
    if (missing > 0)
      notes.push(
        reconstructed
          ? `${missing} of ${items.size} items are outside the study's task-2 set (an answer without a complete {...} object) or have no stated rating, so they have no task-2 choice`
          : `${missing} of ${items.size} items have no task-2 answer in the task-2 file`,
      );
  }
}

export const reconstructs = (options: ImportReleasedOptions): boolean =>
  options.misaligned !== undefined &&
  options.t2Log === undefined &&
  options.t2 === undefined &&
  options.t2Samples === undefined;

const RECONSTRUCTION_UNKNOWN =
  "Items whose task-2 answer the authors could not parse, or that got none, are missing from the list and count as aligned here (so the misaligned set is a lower bound); the list keeps no answer text, explanations or variants other than the released one (5).";

function reconstructionNotes(result: Reconstruction): string[] {
  const { counts } = result;
  const notes = [
    `Task 2 is reconstructed from the study's misaligned-item list, not observed: ${counts.misaligned} listed items acted against their stated stance, the other ${counts.items - counts.misaligned} as stated. ${RECONSTRUCTION_UNKNOWN}`,
  ];
  if (counts.noStance > 0)
    notes.push(
      `${counts.noStance} items have no stated rating and are not listed, so they have no task-2 choice`,
    );
  if (counts.listedOutsideStudy > 0)
    notes.push(
      `${counts.listedOutsideStudy} listed items have a VIA answer the study's task-2 run would have skipped; kept because the list names them`,
    );
  return notes;
}

function summaryOf(
  list: MisalignedList,
  labels: LabelCheck,
  reconstructed: Reconstruction["counts"] | null,
  agreement: ListAgreement | null,
): MisalignedSummary {
  return { file: list.file, listed: list.entries.length, labels, reconstructed, agreement };
}

function uniqueActions(actions: readonly ActionRecord[]): ActionRecord[] {
  const seen = new Set<string>();
  return actions.filter((action) => {
    const key = `${itemKey(action)}|${action.polarity}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function samplesNotes(samples: Task2SamplesImport, withVia: boolean): string[] {
  const notes: string[] = [];
  const { failed, noOption, unmatchedOptions } = samples.counts;
  if (failed > 0) {
    const refusals = noOption > 0 ? `, ${noOption} of them name no option (refusals)` : "";
    notes.push(
      `${failed} task-2 answers could not be read${refusals}; kept with their raw text, counted as unanswered`,
    );
  }
  if (withVia && unmatchedOptions > 0)
    notes.push(
      `${unmatchedOptions} task-2 options match no VIA action of the same item and polarity; their text is kept as the action`,
    );
  if (!withVia) notes.push("Actions are the option texts of the task-2 samples file (no --via given)");
  return notes;
}
