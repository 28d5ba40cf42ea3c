import { type Catalog, defaultCatalog, type Item, type LoadedRun, type RunManifest } from "@valens/core";
import { type AlignmentRate, alignmentRate, scenarioAlignments } from "./alignment-rate.js";
import { type BootstrapIntervals, bootstrapScenarios } from "./bootstrap.js";
import { type Task1Coverage, type Task2Coverage, task1Coverage, task2Coverage } from "./coverage.js";
import { type DistanceSummary, distanceSummary } from "./distance.js";
import { type Inclinations, inclinations, statedCells } from "./inclination.js";
import { type ItemAlignment, itemAlignments } from "./item-alignment.js";
import { type MisalignmentTable, misalignmentTable } from "./misalignment.js";
import { type Ranking, ranking } from "./ranking.js";
import type { MissingPolicy } from "./stance.js";

export interface MetricsOptions {
  /** Items without a Task-2 answer: "exclude" (default) or count as "agree" (the study's notebooks). */
  missing?: MissingPolicy;
  /** Bootstrap resamples for the 95% intervals; 0 skips them (default 1000). */
  bootstrap?: number;
  /** Bootstrap seed (default 1). */
  seed?: number;
  /** Catalog that orders rows and columns (default: the study's). */
  catalog?: Catalog;
}

/**
 * Every measure of PROTOCOL.md for one run. The field names are a public contract (the CLI's
 * `--json` output): fields may be added, never renamed. Alignment fields are null when the run
 * has no Task 2; `notes` says why.
 */
export interface MetricsReport {
  model: string | null;
  missing: MissingPolicy;
  /** Items the measures cover: comparable items with Task 2, items with a stated rating without it. */
  items: number;
  coverage: { task1: Task1Coverage; task2: Task2Coverage | null };
  /** Stated inclinations (Task 1 alone). */
  inclination: Inclinations;
  alignmentRate: AlignmentRate | null;
  misalignment: MisalignmentTable | null;
  distance: DistanceSummary | null;
  ranking: Ranking | null;
  bootstrap: { resamples: number; seed: number; unit: "scenario" } | null;
  notes: string[];
}

/** A run as the measures need it: its actions' items (texts not needed), both tasks, and its manifest. */
export type MetricsInput = { actions: readonly Item[] } & Pick<LoadedRun, "task1" | "task2"> & {
    manifest?: RunManifest;
  };

export const TASK2_NEEDED_NOTE =
  "The run has no Task-2 answers: alignment rate, distance, ranking and misalignment need Task 2 (valens eval --tasks 2, or valens import released --t2-log/--t2/--t2-samples).";

export function computeMetrics(run: MetricsInput, options: MetricsOptions = {}): MetricsReport {
  const catalog = options.catalog ?? defaultCatalog;
  const missing = options.missing ?? "exclude";
  const hasTask2 = run.manifest ? run.manifest.tasks.task2 !== null : run.task2.length > 0;
  const notes: string[] = [...(run.manifest?.notes ?? [])];
  const items = itemAlignments(run, { missing });

  // A task-1-only run without actions still has items: every rated value of every scenario.
  const itemCount = items.length > 0 ? items.length : gridItems(run, catalog);
  const rated =
    items.length > 0 ? items.filter((i) => i.statedMean !== null).length : statedCells(run.task1).length;
  const coverage = {
    task1: task1Coverage(run.task1, itemCount, rated),
    task2: hasTask2 ? task2Coverage(run.task2, itemCount, items.filter((i) => i.answered > 0).length) : null,
  };
  const base = {
    model: run.manifest?.model.name ?? null,
    missing,
    coverage,
    inclination: inclinations(run.task1, catalog),
  };
  if (!hasTask2) {
    notes.push(TASK2_NEEDED_NOTE);
    return {
      ...base,
      items: rated,
      alignmentRate: null,
      misalignment: null,
      distance: null,
      ranking: null,
      bootstrap: null,
      notes,
    };
  }

  const intervals = bootstrap(items, catalog, options);
  const distance = distanceSummary(items, catalog);
  const comparable = items.filter((i) => i.comparable).length;
  if (comparable === 0)
    notes.push("No item has both a stated rating and a Task-2 choice: nothing to compare.");
  const unanswered = items.filter((i) => i.answered === 0).length;
  if (unanswered > 0)
    notes.push(
      missing === "exclude"
        ? `${unanswered} items have no Task-2 answer and are excluded (--missing agree counts them as "agree", as the study's notebooks did).`
        : `${unanswered} items have no Task-2 answer and count as "agree" (--missing agree, the study's convention).`,
    );
  return {
    ...base,
    items: comparable,
    alignmentRate: alignmentRate(items, { catalog, ci95: intervals?.f1 ?? null }),
    misalignment: misalignmentTable(items, intervals?.misalignedShare ?? null),
    distance,
    ranking: distance ? ranking(distance.countryValue, distance.topicValue, items) : null,
    bootstrap: intervals ? { resamples: intervals.resamples, seed: intervals.seed, unit: "scenario" } : null,
    notes,
  };
}

function bootstrap(
  items: readonly ItemAlignment[],
  catalog: Catalog,
  options: MetricsOptions,
): BootstrapIntervals | null {
  const scenarios = scenarioAlignments(items, catalog);
  return bootstrapScenarios(scenarios, {
    ...(options.bootstrap === undefined ? {} : { resamples: options.bootstrap }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
}

function gridItems(run: MetricsInput, catalog: Catalog): number {
  const scenarios = new Set(run.task1.map((r) => `${r.country}|${r.topic}`));
  const values = new Set(catalog.values.map((v) => v.name));
  for (const record of run.task1) for (const value of Object.keys(record.ratings)) values.add(value);
  return scenarios.size * values.size;
}
