import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type ActionRecord,
  type Catalog,
  defaultCatalog,
  InputError,
  importTiming,
  importVia,
  importViaToJsonl,
  itemKey,
  RUN_FILES,
  RUN_FORMAT_VERSION,
  type RunContents,
  type RunManifest,
  runManifestSchema,
  sha256File,
  type Task2Record,
  type TaskSummary,
  taskSummary,
  VALENS_VERSION,
  type ViaCounts,
  type ViaFileImport,
  type ViaImport,
  writeDirectoryAtomic,
  writeJsonl,
} from "@valens/core";
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
import { importTask2Log } from "./task2-log.js";
import { importTask2Samples, type Task2SamplesImport } from "./task2-samples.js";

export interface ImportReleasedOptions {
  /** The VIA CSV the task-2 files refer to (needed with `t2Log`). */
  via?: string;
  /** The study's task-1 CSV. */
  t1: string;
  /** The study's task-2 run log (JSONL), joined to `via` by 0-based row. */
  t2Log?: string;
  /** The study's task-2 CSV (VIA columns plus model_choice, prompt_index). */
  t2?: string;
  /** The 8-variant task-2 sample format. */
  t2Samples?: string;
  /**
   * The authors' misaligned-item list for the model. Without a task-2 source, task 2 is
   * reconstructed from it (needs `via`); with one, the run's misaligned set is compared with it.
   */
  misaligned?: string;
  /** Name of the model the outputs came from. */
  model: string;
  catalog?: Catalog;
  /** Clock for the manifest, for reproducible tests. */
  now?: () => Date;
}

export interface ImportReleasedResult {
  run: RunContents;
  via: ViaCounts | null;
  task1: Task1Import["counts"];
  task2: (Record<string, number> & { records: number }) | null;
  /** What the misaligned-item list gave, when one was passed. */
  misaligned: MisalignedSummary | null;
}

export interface MisalignedSummary {
  file: string;
  listed: number;
  labels: LabelCheck;
  /** Set when task 2 was reconstructed from the list. */
  reconstructed: Reconstruction["counts"] | null;
  /** Set when a real task-2 file was given too. */
  agreement: ListAgreement | null;
}

/** What `importReleasedInto` wrote: the run minus its records, which are in the directory. */
export interface ImportReleasedSummary extends Omit<ImportReleasedResult, "run"> {
  manifest: RunManifest;
  /** Actions written to the run's actions file. */
  actions: number;
}

/**
 * Reads the study's published outputs into a run (the project's own format). Task 2 is optional:
 * a task-1-only run is valid. Every problem that does not stop the import is counted in the
 * manifest's notes.
 */
export async function importReleased(options: ImportReleasedOptions): Promise<ImportReleasedResult> {
  const catalog = options.catalog ?? defaultCatalog;
  const { actions, ...result } = await collectReleased(options, (file) => importVia(file, { catalog }));
  return { ...result, run: { ...result.run, actions } };
}

/**
 * `importReleased` straight into a run directory (replaced only with `force`), written
 * atomically like `writeRun`; the files are the same. The actions go to disk without being all
 * held in memory: for the study's files, the faster and leaner way to import.
 */
export async function importReleasedInto(
  dir: string,
  options: ImportReleasedOptions & { force?: boolean },
): Promise<ImportReleasedSummary> {
  const catalog = options.catalog ?? defaultCatalog;
  const inputs = [options.via, options.t1, options.t2Log, options.t2, options.t2Samples].filter(
    (f): f is string => typeof f === "string",
  );
  return writeDirectoryAtomic(
    dir,
    options.force ?? false,
    async (temporary) => {
      const actionsFile = join(temporary, RUN_FILES.actions);
      // The samples format matches option texts against the actions, and a reconstruction reads
      // every answer's text, so both need the actions in memory.
      const streamed = options.t2Samples === undefined && !reconstructs(options);
      const collected = await collectReleased<ViaImport | ViaFileImport>(options, (file) =>
        streamed ? importViaToJsonl(file, actionsFile, { catalog }) : importVia(file, { catalog }),
      );
      const { run, actions, ...counts } = collected;
      const manifest = runManifestSchema.parse(run.manifest);
      // importViaToJsonl has written the actions file already.
      if (!streamed || options.via === undefined) await writeJsonl(actionsFile, actions);
      await writeJsonl(join(temporary, RUN_FILES.task1), run.task1);
      if (manifest.tasks.task2 !== null) await writeJsonl(join(temporary, RUN_FILES.task2), run.task2);
      await writeFile(join(temporary, RUN_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
      return { ...counts, manifest, actions: actions.length };
    },
    { inputs },
  );
}

interface Collected<V extends ViaImport | ViaFileImport> extends Omit<ImportReleasedResult, "run"> {
  run: Omit<RunContents, "actions">;
  /** The VIA reader's actions (only their keys when it wrote them to a file), or the samples'. */
  actions: readonly (V["actions"][number] | ActionRecord)[];
}

/** Reads the released files; the VIA file with `readVia`. */
async function collectReleased<V extends ViaImport | ViaFileImport>(
  options: ImportReleasedOptions,
  readVia: (file: string) => Promise<V>,
): Promise<Collected<V>> {
  const catalog = options.catalog ?? defaultCatalog;
  const now = options.now ?? (() => new Date());
  const startedAt = now();
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

  let actions: Collected<V>["actions"] = via?.actions ?? [];
  let task2Records: Task2Record[] | null = null;
  let task2Counts: ImportReleasedResult["task2"] = null;
  if (options.t2Log !== undefined && log) {
    files["t2-log"] = options.t2Log;
    task2Records = log.records;
    task2Counts = { records: log.records.length, lines: log.counts.lines };
    const others = log.models.filter((m) => !m.toLowerCase().includes(options.model.toLowerCase()));
    if (others.length > 0)
      notes.push(`The task-2 log names the model ${others.join(", ")} (imported as "${options.model}")`);
  } else if (options.t2 !== undefined) {
    files.t2 = options.t2;
    const csv = await importTask2Csv(options.t2, { ...(via ? { via } : {}), catalog });
    task2Records = csv.records;
    task2Counts = { records: csv.records.length, rows: csv.counts.rows };
  } else if (options.t2Samples !== undefined) {
    files["t2-samples"] = options.t2Samples;
    const samples = await importTask2Samples(options.t2Samples, {
      ...(via && !("written" in via) ? { via } : {}),
      catalog,
    });
    task2Records = samples.records;
    task2Counts = { ...samples.counts, records: samples.records.length };
    actions = uniqueActions(samples.actions);
    notes.push(...samplesNotes(samples, via !== undefined));
  }
  let misaligned: MisalignedSummary | null = null;
  let reconstructed: TaskSummary["reconstructed"];
  if (list) {
    if (task2Records === null) {
      const viaActions = via && !("written" in via) ? via.actions : [];
      const result = reconstructFromList(list, viaActions, task1.records);
      task2Records = result.records;
      task2Counts = { ...result.counts, records: result.records.length };
      misaligned = summaryOf(list, result.labels, result.counts, null);
      reconstructed = {
        from: "misaligned-list",
        file: list.file,
        items: result.counts.items,
        misaligned: result.counts.misaligned,
        unknown: RECONSTRUCTION_UNKNOWN,
      };
      notes.push(...reconstructionNotes(result));
    } else {
      const agreement = compareWithList(list, task2Records, task1.records);
      misaligned = summaryOf(list, agreement.labels, null, agreement);
      notes.push(
        `The run's misaligned set and the misaligned-item list agree on ${agreement.both} items; ${agreement.onlyRun} only in the run, ${agreement.onlyList} only in the list (Jaccard ${agreement.jaccard.toFixed(3)})`,
      );
    }
    notes.push(...labelNotes(misaligned.labels, list.entries.length));
  }
  if (task2Records !== null && task2Records.length === 0) {
    throw new InputError("The task-2 file has no records", {
      file: options.t2Log ?? options.t2 ?? options.t2Samples ?? "",
    });
  }
  if (task2Records !== null && options.t2Samples === undefined && actions.length > 0) {
    const answered = new Set(task2Records.map(itemKey));
    const items = new Set(actions.map(itemKey));
    const missing = [...items].filter((key) => !answered.has(key)).length;
    if (missing > 0)
      notes.push(
        reconstructed
          ? `${missing} of ${items.size} items are outside the study's task-2 set (an answer without a complete {...} object) or have no stated rating, so they have no task-2 choice`
          : `${missing} of ${items.size} items have no task-2 answer in the task-2 file`,
      );
  }

  const fileRefs: RunManifest["source"]["files"] = {};
  for (const [role, path] of Object.entries(files)) fileRefs[role] = { path, sha256: await sha256File(path) };
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
        task2Records === null
          ? null
          : { ...taskSummary(task2Records), ...(reconstructed ? { reconstructed } : {}) },
    },
    parameters: {},
    timing: importTiming(startedAt, finishedAt),
    notes,
  };
  return {
    run: { manifest, task1: task1.records, task2: task2Records ?? [] },
    actions,
    via: via?.counts ?? null,
    task1: task1.counts,
    task2: task2Counts,
    misaligned,
  };
}

const reconstructs = (options: ImportReleasedOptions): boolean =>
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
