import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  checkOutputDir,
  closestNames,
  InputError,
  type LoadedRun,
  writeOutputMarker,
  writeRun,
} from "@valens/core";
import { importReleased } from "@valens/importers";
import type { MissingPolicy } from "@valens/metrics";
import { buildReportData, type Headline, type WrittenReport, writeReport } from "@valens/report";
import { reportTime } from "../report-time.js";
import { type FileSource, type ObtainedFile, obtainFile } from "./obtain-files.js";
import {
  fileById,
  type ReleasedManifest,
  type ReleasedModel,
  releasedManifest,
} from "./released-manifest.js";

export interface ReproduceOptions {
  source: FileSource;
  /** Model names from the manifest; null for the default set. */
  models: string[] | null;
  out: string;
  force: boolean;
  missing: MissingPolicy;
  /** Distance of the report's heatmaps and rankings (default: the study's). */
  distance?: "study" | "item";
  bootstrap: number;
  seed: number;
  manifest?: ReleasedManifest;
  /** Progress lines (stderr in the CLI). */
  log: (line: string) => void;
}

interface ReproducedRun {
  model: string;
  dir: string;
  task2: string | null;
  notes: string[];
}

export interface ReproduceResult {
  out: string;
  runs: ReproducedRun[];
  files: (ObtainedFile & { id: string })[];
  report: WrittenReport;
  json: string;
  /** Each model's headline figures (the study's alignment rate first, then the agree-class F1). */
  headlines: { model: string; headline: Headline }[];
  ms: { obtain: number; import: number; report: number; total: number };
}

/** What each model is imported from. */
interface ModelPlan {
  model: ReleasedModel;
  t1: string;
  t2: { id: string; role: string; path: string } | null;
  /** The authors' misaligned-item list: task 2 is reconstructed from it without a task-2 file. */
  misaligned: { id: string; path: string } | null;
}

type Obtain = (id: string) => Promise<string | null>;

/** Obtains (and verifies) one file of the release, logging it and recording it in `files`. */
function obtainer(
  manifest: ReleasedManifest,
  options: ReproduceOptions,
  files: ReproduceResult["files"],
): Obtain {
  return async (id) => {
    const file = fileById(manifest, id);
    const got = await obtainFile(file, options.source);
    if (got) {
      files.push({ id, ...got });
      options.log(
        `  ${got.how === "local" ? "found" : got.how} ${file.path} (${(got.bytes / 1e6).toFixed(1)} MB, verified)`,
      );
    }
    return got?.path ?? null;
  };
}

/** A model's task-1 file (required), its first available task-2 file and its misaligned-item list. */
async function planModel(
  model: ReleasedModel,
  manifest: ReleasedManifest,
  source: FileSource,
  obtain: Obtain,
): Promise<ModelPlan> {
  const t1 = await obtain(model.t1);
  if (t1 === null) {
    throw new InputError(
      `No task-1 file for ${model.name}: ${fileById(manifest, model.t1).local} is missing`,
      {
        file: join(sourceDir(source), fileById(manifest, model.t1).local),
        hint: "Add the file, drop the model from --models, or drop --from to download it",
      },
    );
  }
  let t2: ModelPlan["t2"] = null;
  for (const id of model.t2) {
    const path = await obtain(id);
    if (path !== null) {
      t2 = { id, role: fileById(manifest, id).role, path };
      break;
    }
  }
  const listPath = model.misaligned === undefined ? null : await obtain(model.misaligned);
  const misaligned = model.misaligned && listPath ? { id: model.misaligned, path: listPath } : null;
  return { model, t1, t2, misaligned };
}

/** The VIA dataset, when a task-2 file or a misaligned-item list refers to its rows. */
async function obtainVia(
  plan: readonly ModelPlan[],
  manifest: ReleasedManifest,
  source: FileSource,
  obtain: Obtain,
): Promise<string | null> {
  const needsVia = plan.some((p) => p.t2 !== null || p.misaligned !== null);
  const viaFile = manifest.files.find((f) => f.role === "via");
  const via = needsVia && viaFile ? await obtain(viaFile.id) : null;
  if (needsVia && via === null) {
    throw new InputError("The VIA dataset is missing: task-2 files refer to its rows", {
      file: join(sourceDir(source), viaFile?.local ?? "via/via_full.csv"),
      hint: "Add via/via_full.csv to the --from directory",
    });
  }
  return via;
}

/** Imports one model into <out>/runs/<model>. */
async function importModel(
  p: ModelPlan,
  via: string | null,
  out: string,
  log: (line: string) => void,
): Promise<{ run: LoadedRun; reproduced: ReproducedRun }> {
  const t = performance.now();
  const result = await importReleased({
    model: p.model.name,
    t1: p.t1,
    ...(p.t2 === null && p.misaligned === null ? {} : { via: via as string }),
    ...(p.misaligned === null ? {} : { misaligned: p.misaligned.path }),
    ...(p.t2?.role === "t2-log" ? { t2Log: p.t2.path } : {}),
    ...(p.t2?.role === "t2" ? { t2: p.t2.path } : {}),
  });
  const notes = [...result.run.manifest.notes];
  if (p.t2 === null && p.misaligned === null) {
    notes.push("The study's task-2 file for this model is not in the source, so the run is task-1-only");
    result.run.manifest.notes = notes;
  }
  const dir = join(out, "runs", p.model.name);
  await writeRun(dir, result.run, { force: true });
  const task2 = p.t2
    ? `, ${result.run.task2.length} task-2 answers`
    : p.misaligned
      ? `, ${result.run.task2.length} task-2 choices reconstructed from the misaligned-item list`
      : " (task 1 only)";
  log(
    `  ${p.model.name}: ${result.run.task1.length} task-1 answers${task2} -> ${dir} (${Math.round(performance.now() - t)} ms)`,
  );
  return {
    run: { ...result.run, dir },
    reproduced: { model: p.model.name, dir, task2: p.t2?.id ?? p.misaligned?.id ?? null, notes },
  };
}

/** The comparison report of every run: report.html with its tables, and report.json. */
async function writeReports(runs: readonly LoadedRun[], out: string, options: ReproduceOptions) {
  const data = buildReportData([...runs], {
    title: "The value-action gap in the study's released model outputs",
    missing: options.missing,
    distance: options.distance ?? "study",
    bootstrap: options.bootstrap,
    seed: options.seed,
    createdAt: reportTime(),
  });
  const report = await writeReport(data, {
    out: join(out, "report.html"),
    format: "html",
    csvDir: join(out, "report-tables"),
  });
  const json = join(out, "report.json");
  await writeReport(data, { out: json, format: "json", csvDir: null });
  return { report, json, headlines: data.models.map((m) => ({ model: m.id, headline: m.headline })) };
}

/** Checks --out, then makes it a valens output directory. */
async function prepareOut(options: ReproduceOptions): Promise<string> {
  await checkOutputDir(options.out, options.force, {
    inputs: options.source.kind === "local" ? [options.source.dir] : [],
  });
  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  await writeOutputMarker(out, "reproduce");
  return out;
}

/**
 * The study's published outputs -> one run directory per model -> one comparison report.
 * A model whose task-2 file is not available is imported task-1-only, and the report says so.
 */
export async function reproduce(options: ReproduceOptions): Promise<ReproduceResult> {
  const started = performance.now();
  const manifest = options.manifest ?? releasedManifest;
  const out = await prepareOut(options);
  const models = selectModels(manifest, options.models);
  const files: ReproduceResult["files"] = [];
  const obtain = obtainer(manifest, options, files);
  options.log(
    options.source.kind === "local"
      ? `Reading the study's outputs from ${options.source.dir}`
      : `Downloading the study's outputs (${manifest.repository}@${manifest.commit.slice(0, 7)}) into ${options.source.cacheDir}`,
  );
  const plan: ModelPlan[] = [];
  for (const model of models) plan.push(await planModel(model, manifest, options.source, obtain));
  const via = await obtainVia(plan, manifest, options.source, obtain);
  const obtained = performance.now();

  options.log("Importing");
  const imports = [];
  for (const p of plan) imports.push(await importModel(p, via, out, options.log));
  const imported = performance.now();

  options.log("Computing the measures and writing the report");
  const { report, json, headlines } = await writeReports(
    imports.map((i) => i.run),
    out,
    options,
  );
  const done = performance.now();
  return {
    out,
    runs: imports.map((i) => i.reproduced),
    files,
    report,
    json,
    headlines,
    ms: {
      obtain: Math.round(obtained - started),
      import: Math.round(imported - obtained),
      report: Math.round(done - imported),
      total: Math.round(done - started),
    },
  };
}

export function selectModels(manifest: ReleasedManifest, names: string[] | null): ReleasedModel[] {
  if (names === null || names.length === 0) return manifest.models.filter((m) => m.default);
  const known = manifest.models.map((m) => m.name);
  return [...new Set(names)].map((name) => {
    const model = manifest.models.find((m) => m.name.toLowerCase() === name.trim().toLowerCase());
    if (!model) {
      const close = closestNames(name, known);
      throw new InputError(`Unknown released model "${name}"`, {
        hint: `Closest: ${close.join(", ")}. Models in the release: ${known.join(", ")}`,
      });
    }
    return model;
  });
}

const sourceDir = (source: FileSource): string => (source.kind === "local" ? source.dir : source.cacheDir);
