import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Catalog } from "../catalog/catalog.js";
import { defaultCatalog } from "../catalog/catalog.js";
import { InputError } from "../errors/input-error.js";
import { writeJsonl } from "../io/jsonl.js";
import { RUN_FILES, type RunContents, sha256File, writeDirectoryAtomic } from "../run/run-dir.js";
import type { ActionRecord } from "../schemas/action-record.js";
import { itemKey } from "../schemas/item.js";
import {
  RUN_FORMAT_VERSION,
  type RunManifest,
  runManifestSchema,
  type TaskSummary,
} from "../schemas/run-manifest.js";
import type { Task1Record } from "../schemas/task1-record.js";
import type { Task2Record } from "../schemas/task2-record.js";
import { VALENS_VERSION } from "../version.generated.js";
import { importTask1, type Task1Import } from "./task1.js";
import { importTask2Csv } from "./task2-csv.js";
import { importTask2Log } from "./task2-log.js";
import { importTask2Samples, type Task2SamplesImport } from "./task2-samples.js";
import { importVia, importViaToJsonl, type ViaCounts, type ViaFileImport, type ViaImport } from "./via.js";

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
  return writeDirectoryAtomic(dir, options.force ?? false, async (temporary) => {
    const actionsFile = join(temporary, RUN_FILES.actions);
    // The samples format matches option texts against the actions, so it needs them in memory.
    const streamed = options.t2Samples === undefined;
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
  });
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
  if (task2Records !== null && task2Records.length === 0) {
    throw new InputError("The task-2 file has no records", {
      file: options.t2Log ?? options.t2 ?? options.t2Samples ?? "",
    });
  }
  if (task2Records !== null && options.t2Samples === undefined && actions.length > 0) {
    const answered = new Set(task2Records.map(itemKey));
    const items = new Set(actions.map(itemKey));
    const missing = [...items].filter((key) => !answered.has(key)).length;
    if (missing > 0) notes.push(`${missing} of ${items.size} items have no task-2 answer in the task-2 file`);
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
      task1: summary(task1.records),
      task2: task2Records === null ? null : summary(task2Records),
    },
    parameters: {},
    timing: {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
    },
    notes,
  };
  return {
    run: { manifest, task1: task1.records, task2: task2Records ?? [] },
    actions,
    via: via?.counts ?? null,
    task1: task1.counts,
    task2: task2Counts,
  };
}

function summary(records: readonly (Task1Record | Task2Record)[]): TaskSummary {
  const counts = { clean: 0, repaired: 0, failed: 0 };
  for (const record of records) counts[record.parseStatus]++;
  return {
    variants: [...new Set(records.map((r) => r.variant))].sort((a, b) => a - b),
    records: records.length,
    ...counts,
  };
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
