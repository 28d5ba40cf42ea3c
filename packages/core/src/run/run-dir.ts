import { createHash } from "node:crypto";
import { constants, createReadStream } from "node:fs";
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { FormatVersionError } from "../errors/format-version-error.js";
import { InputError } from "../errors/input-error.js";
import { ValensError } from "../errors/valens-error.js";
import { describeZodIssue } from "../errors/zod-issue.js";
import { readJsonlAll, readJsonlItemKeys, writeJsonl } from "../io/jsonl.js";
import {
  type ActionKey,
  type ActionRecord,
  actionKeySchema,
  actionRecordSchema,
} from "../schemas/action-record.js";
import { RUN_FORMAT_VERSION, type RunManifest, runManifestSchema } from "../schemas/run-manifest.js";
import { type Task1Record, task1RecordSchema } from "../schemas/task1-record.js";
import { type Task2Record, task2RecordSchema } from "../schemas/task2-record.js";
import {
  checkOutputPath,
  OUTPUT_MARKER_FILE,
  type OutputPathOptions,
  valensOutputKind,
} from "./output-guard.js";

/** File names inside a run directory. */
export const RUN_FILES = {
  manifest: "manifest.json",
  actions: "actions.jsonl",
  task1: "task1.jsonl",
  task2: "task2.jsonl",
} as const;

export interface RunContents {
  manifest: RunManifest;
  /** The value-informed actions the run's items come from (both polarities). */
  actions: readonly ActionRecord[];
  task1: readonly Task1Record[];
  /** Empty when the run has no Task 2 (manifest.tasks.task2 is null). */
  task2: readonly Task2Record[];
}

export interface LoadedRun extends RunContents {
  dir: string;
}

/** Files up to this size are hashed in one read; larger ones are streamed. */
const wholeFileHashLimit = 256 * 2 ** 20;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  if ((await stat(file)).size <= wholeFileHashLimit) return hash.update(await readFile(file)).digest("hex");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export interface OutputDirOptions extends OutputPathOptions {
  /**
   * Whether an existing directory may be replaced under `force`; default: valens wrote it (a run
   * manifest, predictor card or valens-output.json says so).
   */
  replaceable?: (dir: string) => Promise<boolean>;
}

/**
 * The one check every command writing a directory makes before any expensive work: the path is
 * safe to replace (see checkOutputPath), an existing non-empty directory is refused unless
 * `force`, and even then only a directory valens wrote is replaced; the parent is created and
 * must be writable, so a bad --out fails first, not after training or paying for answers.
 */
export async function checkOutputDir(
  dir: string,
  force = false,
  options: OutputDirOptions = {},
): Promise<void> {
  const flag = options.flag ?? "--out";
  const target = checkOutputPath(dir, options);
  const entries = await readdir(target).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    if (error.code === "ENOTDIR") {
      const exists = await stat(target).then(
        () => true,
        () => false,
      );
      throw exists
        ? new InputError("The output path exists and is not a directory", { file: dir })
        : new InputError("Cannot create the output: one of its parents is a file", {
            file: dir,
            hint: `Choose a ${flag} whose parents are directories`,
          });
    }
    throw new InputError(`Cannot read the output directory: ${error.message}`, { file: dir });
  });
  // A directory holding only valens's marker is one a failed earlier run left: as good as empty.
  if (entries?.some((name) => name !== OUTPUT_MARKER_FILE)) {
    if (!force) {
      throw new InputError("The output directory already exists and is not empty", {
        file: dir,
        hint: `Choose another ${flag} or pass --force to replace it`,
      });
    }
    const replaceable = options.replaceable
      ? await options.replaceable(target)
      : (await valensOutputKind(target)) !== undefined;
    if (!replaceable) {
      throw new InputError(
        "--force replaces only a directory valens wrote, and this one has no valens manifest.json, card.json or valens-output.json",
        { file: dir, hint: `Choose another ${flag}, or move its contents away first` },
      );
    }
  }
  const parent = dirname(target);
  try {
    await mkdir(parent, { recursive: true });
  } catch (error) {
    throw new InputError(`Cannot create the output directory: ${(error as Error).message}`, { file: dir });
  }
  try {
    await access(parent, constants.W_OK);
  } catch {
    throw new InputError(`Cannot write the output: ${parent} is not writable`, {
      file: dir,
      hint: `Choose a ${flag} in a directory you can write to`,
    });
  }
  if (entries !== undefined) {
    try {
      await access(target, constants.W_OK);
    } catch {
      throw new InputError(`Cannot write the output: ${dir} is not writable`, {
        file: dir,
        hint: `Choose a ${flag} in a directory you can write to`,
      });
    }
  }
}

/**
 * Writes a complete run directory: everything goes to a sibling temporary directory first,
 * which then replaces `dir`, so a run directory is never half-written.
 */
export async function writeRun(
  dir: string,
  run: RunContents,
  options: {
    force?: boolean;
    /** Writes further files of the run (e.g. a Task-2 sample) into the same atomic directory. */
    extra?: (temporary: string) => Promise<void>;
  } = {},
): Promise<void> {
  await writeDirectoryAtomic(dir, options.force ?? false, async (temporary) => {
    const manifest = runManifestSchema.parse(run.manifest);
    if (options.extra) await options.extra(temporary);
    await writeJsonl(join(temporary, RUN_FILES.actions), run.actions);
    await writeJsonl(join(temporary, RUN_FILES.task1), run.task1);
    if (manifest.tasks.task2 !== null) await writeJsonl(join(temporary, RUN_FILES.task2), run.task2);
    await writeFile(join(temporary, RUN_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  });
}

/**
 * Runs `write` on a new temporary directory beside `dir` that then replaces `dir` (refused if
 * `dir` is not empty, unless `force`); on any error the temporary directory is removed. For run
 * directories and any other directory that must never be seen half-written.
 */
export async function writeDirectoryAtomic<T>(
  dir: string,
  force: boolean,
  write: (temporary: string) => Promise<T>,
  options: OutputDirOptions = {},
): Promise<T> {
  await checkOutputDir(dir, force, options);
  const target = resolve(dir);
  const temporary = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  await mkdir(temporary, { recursive: true });
  try {
    const result = await write(temporary);
    await rm(target, { recursive: true, force: true });
    await rename(temporary, target);
    return result;
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    // A full disk or a read-only location mid-write: one line; the previous directory is intact.
    if (!ValensError.isInstance(error) && typeof code === "string" && /^E[A-Z]+$/.test(code))
      throw new InputError(
        `Cannot write the output directory (${code}${code === "ENOSPC" ? ": the disk is full" : ""})`,
        {
          file: dir,
          hint: "Free some space or choose another --out; nothing was replaced, and rerunning resumes from the response store",
          cause: error,
        },
      );
    throw error;
  }
}

export async function readRunManifest(dir: string): Promise<RunManifest> {
  const file = join(dir, RUN_FILES.manifest);
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new InputError("The run directory does not exist", { file: dir });
  if (!info.isDirectory()) throw new InputError("The run path is not a directory", { file: dir });
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new InputError("Not a valens run directory: manifest.json is missing", {
      file: dir,
      hint: "Create one with `valens import released` or `valens eval`",
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`manifest.json is not valid JSON: ${(error as Error).message}`, { file });
  }
  const header = json as { kind?: unknown; formatVersion?: unknown };
  if (typeof json !== "object" || json === null || header.kind !== "valens-run") {
    throw new InputError('manifest.json is not a valens run manifest (kind is not "valens-run")', { file });
  }
  if (header.formatVersion !== RUN_FORMAT_VERSION) {
    throw new FormatVersionError("The run directory", header.formatVersion, RUN_FORMAT_VERSION, { file });
  }
  const result = runManifestSchema.safeParse(json);
  if (!result.success) {
    throw new InputError(`manifest.json is invalid: ${describeZodIssue(result.error)}`, { file });
  }
  return result.data;
}

/** A run's record file; an empty file is a valid empty list (a task-1-only import has no actions). */
async function readRecords<S extends Parameters<typeof readJsonlAll>[1]>(
  file: string,
  schema: S,
  description: string,
) {
  const info = await stat(file).catch(() => undefined);
  if (info?.isFile() && info.size === 0) return [];
  return readJsonlAll(file, schema, description);
}

/** A loaded run whose actions carry only their item and polarity (`readRun(dir, { actions: "keys" })`). */
export interface LoadedRunKeys extends Omit<LoadedRun, "actions"> {
  actions: readonly ActionKey[];
}

/**
 * Loads a run directory, validating every record. With `actions: "keys"` the actions' texts are
 * not read, which is all the measures need and several times faster on a full dataset.
 */
export async function readRun(dir: string): Promise<LoadedRun>;
export async function readRun(dir: string, options: { actions: "keys" }): Promise<LoadedRunKeys>;
export async function readRun(
  dir: string,
  options: { actions?: "full" | "keys" } = {},
): Promise<LoadedRun | LoadedRunKeys> {
  const manifest = await readRunManifest(dir);
  const actionsFile = join(dir, RUN_FILES.actions);
  // Started together, so each file is read from disk while the one before is parsed; errors
  // are reported in file order all the same.
  const [actions, task1, task2] = await settledInOrder([
    options.actions === "keys"
      ? readActionKeys(actionsFile)
      : readRecords(actionsFile, actionRecordSchema, "run's actions file"),
    manifest.tasks.task1 === null
      ? Promise.resolve([])
      : readRecords(join(dir, RUN_FILES.task1), task1RecordSchema, "run's task-1 file"),
    manifest.tasks.task2 === null
      ? Promise.resolve([])
      : readRecords(join(dir, RUN_FILES.task2), task2RecordSchema, "run's task-2 file"),
  ]);
  if (task1.length === 0 && task2.length === 0) {
    throw new InputError("The run is empty: it has no task-1 or task-2 records", {
      file: dir,
      hint: "Re-run `valens eval` or `valens import released` into it",
    });
  }
  return { dir, manifest, actions, task1, task2 };
}

/** Like Promise.all, but waits for all and rejects with the first failure in list order. */
async function settledInOrder<T extends readonly unknown[]>(
  promises: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const results = await Promise.allSettled(promises);
  for (const result of results) if (result.status === "rejected") throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function readActionKeys(file: string): Promise<ActionKey[]> {
  const info = await stat(file).catch(() => undefined);
  if (info?.isFile() && info.size === 0) return [];
  return readJsonlItemKeys(file, actionKeySchema, "run's actions file");
}
