import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type Catalog,
  defaultCatalog,
  importVia,
  importViaToJsonl,
  RUN_FILES,
  type RunContents,
  type RunManifest,
  runManifestSchema,
  type ViaCounts,
  type ViaFileImport,
  type ViaImport,
  writeDirectoryAtomic,
  writeJsonl,
} from "@valens/core";
import { collectReleased, reconstructs } from "./collect-released.js";
import type { LabelCheck, ListAgreement, Reconstruction } from "./misaligned-list.js";
import type { Task1Import } from "./task1.js";

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
