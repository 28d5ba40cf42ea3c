import { type Catalog, defaultCatalog, type Item, type LoadedRun, type RunManifest } from "@valens/core";
import {
  type AlignmentRate,
  alignmentRate,
  type ScenarioAlignment,
  scenarioAlignments,
} from "./alignment-rate.js";
import { bootstrapScenarios } from "./bootstrap.js";
import { type Confusion, emptyConfusion } from "./confusion.js";
import { type Task1Coverage, type Task2Coverage, task1Coverage, task2Coverage } from "./coverage.js";
import { METRIC_DEFINITIONS, type MetricDefinitions } from "./definitions.js";
import { type DistanceSummary, distanceSummary } from "./distance.js";
import { buildGrid } from "./grid.js";
import { cellsOf, type Inclinations, inclinationsOf } from "./inclination.js";
import { type ItemAlignment, joinItems } from "./item-alignment.js";
import { type MisalignmentTable, misalignmentOf } from "./misalignment.js";
import { type Ranking, ranking } from "./ranking.js";
import { type Robustness, robustness } from "./robustness/robustness.js";
import {
  drawnItems,
  type RunSample,
  type SampledAlignmentRate,
  type SampledMisalignment,
} from "./sampling/sampled-report.js";
import { withSampleEstimates } from "./sampling/with-sample.js";
import type { MissingPolicy } from "./stance.js";
import { type StudyAlignment, studyAlignment } from "./study-alignment.js";
import { type StudyDistance, studyDistance } from "./study-distance.js";

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
  /** `f1` and its breakdowns are the agree-class F1; `study` is the paper's alignment rate (F1 of disagree). */
  alignmentRate: (AlignmentRate & StudyAlignment & Partial<SampledAlignmentRate>) | null;
  /** In a sampled run, share/ci95/counts are whole-grid estimates; `estimated` says how. */
  misalignment: (MisalignmentTable & Partial<SampledMisalignment>) | null;
  distance: DistanceSummary | null;
  ranking: Ranking | null;
  /** The study's distance (cell means over topics or countries first, then |t1 - t2|), with its rankings. */
  distanceStudy: StudyDistance | null;
  /** One sentence per figure: which definition it follows. */
  definitions: MetricDefinitions;
  bootstrap: { resamples: number; seed: number; unit: "scenario" } | null;
  /** Prompt robustness (per-variant measures, position bias, agreement); null unless a task has several variants. */
  robustness: Robustness | null;
  notes: string[];
}

/** A run as the measures need it: its actions' items (texts not needed), both tasks, and its manifest. */
export type MetricsInput = { actions: readonly Item[] } & Pick<LoadedRun, "task1" | "task2"> & {
    manifest?: RunManifest;
    /** The Task-2 sample of a sampled run (task2-sample.jsonl): the figures become estimates. */
    sample?: RunSample;
  };

export const TASK2_NEEDED_NOTE =
  "The run has no Task-2 answers: alignment rate, distance, ranking and misalignment need Task 2 (valens eval --tasks 2, or valens import released --t2-log/--t2/--t2-samples).";

export function computeMetrics(run: MetricsInput, options: MetricsOptions = {}): MetricsReport {
  const catalog = options.catalog ?? defaultCatalog;
  const missing = options.missing ?? "exclude";
  const hasTask2 = run.manifest ? run.manifest.tasks.task2 !== null : run.task2.length > 0;
  const notes: string[] = [...(run.manifest?.notes ?? [])];
  // Built once: the item join and the stated inclinations both read it.
  const grid = buildGrid(run.task1, run);
  const joined = joinItems(grid, missing);
  // A sampled run's measures are those of its drawn items; the estimates are added at the end.
  const items = run.sample ? drawnItems(joined, run.sample) : joined;
  const counts = itemCounts(items);

  // A task-1-only run without actions still has items: every rated value of every scenario.
  const itemCount = items.length > 0 ? items.length : gridItems(run, catalog);
  const rated = items.length > 0 ? counts.rated : cellsOf(grid).length;
  // A sampled run's Task 1 covers the whole grid, not only the drawn items.
  const gridCounts = run.sample ? itemCounts(joined) : null;
  const coverage = {
    task1: gridCounts
      ? task1Coverage(run.task1, joined.length, gridCounts.rated)
      : task1Coverage(run.task1, itemCount, rated),
    task2: hasTask2 ? task2Coverage(run.task2, itemCount, counts.answered) : null,
  };
  const base = {
    model: run.manifest?.model.name ?? null,
    missing,
    coverage,
    inclination: inclinationsOf(grid, catalog),
    definitions: { ...METRIC_DEFINITIONS },
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
      distanceStudy: null,
      bootstrap: null,
      robustness: null,
      notes,
    };
  }
  const report: MetricsReport = {
    ...base,
    items: counts.comparable,
    ...task2Measures(items, run, counts, { ...options, catalog, missing }, notes),
    notes,
  };
  return run.sample ? withSampleEstimates(report, joined, run.sample, { ...options, catalog }) : report;
}

/** The measures that need Task 2, in the report's key order; notes what they leave out. */
function task2Measures(
  items: readonly ItemAlignment[],
  run: MetricsInput,
  counts: ReturnType<typeof itemCounts>,
  options: MetricsOptions & { catalog: Catalog; missing: MissingPolicy },
  notes: string[],
): Omit<MetricsReport, "model" | "missing" | "items" | "coverage" | "inclination" | "definitions" | "notes"> {
  const { catalog, missing } = options;
  const resampling = {
    ...(options.bootstrap === undefined ? {} : { resamples: options.bootstrap }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
  // One set of per-scenario alignments serves the bootstrap and the alignment rate.
  const scenarios = scenarioAlignments(items, catalog);
  const intervals = bootstrapScenarios(scenarios, resampling);
  const distance = distanceSummary(items, catalog);
  if (counts.comparable === 0)
    notes.push("No item has both a stated rating and a Task-2 choice: nothing to compare.");
  if (counts.unanswered > 0)
    notes.push(
      missing === "exclude"
        ? `${counts.unanswered} items have no Task-2 answer and are excluded (--missing agree counts them as "agree", as the study's notebooks did).`
        : `${counts.unanswered} items have no Task-2 answer and count as "agree" (--missing agree, the study's convention).`,
    );
  return {
    alignmentRate: withStudy(
      alignmentRate(items, { catalog, ci95: intervals?.f1 ?? null, scenarios }),
      studyAlignment(items, { catalog, scenarios, ...resampling }),
    ),
    // The scenarios' confusion tables together count every comparable item once.
    misalignment: misalignmentOf(totalConfusion(scenarios), intervals?.misalignedShare ?? null),
    distance,
    ranking: distance ? ranking(distance.countryValue, distance.topicValue, items) : null,
    distanceStudy: studyDistance(items, catalog),
    bootstrap: intervals ? { resamples: intervals.resamples, seed: intervals.seed, unit: "scenario" } : null,
    robustness: robustness(items, run, { catalog, missing, ...resampling }),
  };
}

const withStudy = (rate: AlignmentRate | null, study: StudyAlignment | null) =>
  rate && study ? { ...rate, ...study } : null;

function totalConfusion(scenarios: readonly ScenarioAlignment[]): Confusion {
  const total = emptyConfusion();
  for (const { confusion } of scenarios) {
    total.tp += confusion.tp;
    total.fp += confusion.fp;
    total.fn += confusion.fn;
    total.tn += confusion.tn;
  }
  return total;
}

/** The item counts the report needs, in one pass over the items. */
function itemCounts(items: readonly ItemAlignment[]) {
  const counts = { rated: 0, answered: 0, unanswered: 0, comparable: 0 };
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as ItemAlignment;
    if (item.statedMean !== null) counts.rated++;
    if (item.answered > 0) counts.answered++;
    else counts.unanswered++;
    if (item.comparable) counts.comparable++;
  }
  return counts;
}

function gridItems(run: MetricsInput, catalog: Catalog): number {
  const scenarios = new Set(run.task1.map((r) => `${r.country}|${r.topic}`));
  const values = new Set(catalog.values.map((v) => v.name));
  for (const record of run.task1) for (const value of Object.keys(record.ratings)) values.add(value);
  return scenarios.size * values.size;
}
