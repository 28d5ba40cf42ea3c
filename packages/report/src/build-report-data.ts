import {
  type Catalog,
  defaultCatalog,
  InputError,
  type LoadedRun,
  VALENS_VERSION,
  ValensError,
} from "@valens/core";
import {
  compareInputs,
  compareRuns,
  computeMetrics,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  drawnItems,
  type ItemAlignment,
  inCatalogOrder,
  itemAlignments,
  type MetricsReport,
  type MissingPolicy,
  normalisedScore,
  type RunSample,
  statedCells,
} from "@valens/metrics";
import { displayPath } from "./display-path.js";
import type { PredictorSection } from "./predictor-input.js";
import {
  type Cell,
  type DistanceKind,
  type Example,
  type GroupRow,
  type ModelSection,
  type RankedValue,
  REPORT_FORMAT_VERSION,
  type ReportData,
} from "./report-data.js";
import { sampledSectionOf } from "./sections/sampled.js";
import { spreadPick } from "./spread-pick.js";
import { studyDistanceCells, topMisalignedStudy } from "./study-cells.js";

export interface ReportOptions {
  title?: string;
  missing?: MissingPolicy;
  /** Values listed per country and topic in the top-misaligned tables (default 5). */
  topK?: number;
  /** Example misaligned items per model (default 8). */
  examples?: number;
  /** Bootstrap resamples for the intervals (default 1000; 0 for none). */
  bootstrap?: number;
  seed?: number;
  catalog?: Catalog;
  predictor?: PredictorSection | null;
  /** Distance of the heatmaps and rankings: the study's (default) or item-level. */
  distance?: DistanceKind;
  /** Fixed creation time (tests, reproducible output); default now. */
  createdAt?: string;
}

/** Computes everything the report shows from loaded runs: one model section per run. */
/** A run to report; a sampled run carries its Task-2 sample (readRunSample), and its figures are estimates. */
export type ReportRun = LoadedRun & { sample?: RunSample };

export function buildReportData(runs: readonly ReportRun[], options: ReportOptions = {}): ReportData {
  if (runs.length === 0)
    throw new InputError("No run directory given", { hint: "Pass at least one run directory" });
  const catalog = options.catalog ?? defaultCatalog;
  const missing = options.missing ?? "exclude";
  const topK = options.topK ?? 5;
  const examples = options.examples ?? 8;
  const resamples = options.bootstrap ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const ids = uniqueIds(runs);
  const models = runs.map((run, i) =>
    modelSection(run, ids[i] as string, { catalog, missing, topK, examples, resamples, seed }),
  );
  return {
    kind: "valens-report",
    formatVersion: REPORT_FORMAT_VERSION,
    valensVersion: VALENS_VERSION,
    createdAt: options.createdAt ?? new Date().toISOString(),
    title: options.title ?? "Value-action gap report",
    options: {
      missing,
      topK,
      examples,
      distance: options.distance ?? "study",
      bootstrap: { resamples, seed },
    },
    grid: grid(runs, catalog),
    models,
    predictor: withDisplayPaths(options.predictor ?? null),
    // The comparison names each run's directory: never absolute (see displayPath).
    ...comparisonOf(
      runs.map((run) => ({ ...run, dir: displayPath(run.dir) })),
      ids,
      { missing, resamples, seed, catalog },
    ),
  };
}

/** A task summary whose reconstruction names its source list as displayPath does. */
function withShownFile<T extends { reconstructed?: { file: string } | undefined } | null>(task: T): T {
  if (task === null || task.reconstructed === undefined) return task;
  return { ...task, reconstructed: { ...task.reconstructed, file: displayPath(task.reconstructed.file) } };
}

/** The predictor section with its directory shown as displayPath does. */
function withDisplayPaths(section: PredictorSection | null): PredictorSection | null {
  const dir = section?.evaluation?.predictor.dir;
  if (
    section === null ||
    section.evaluation === null ||
    section.evaluation === undefined ||
    dir === undefined
  )
    return section;
  return {
    ...section,
    evaluation: {
      ...section.evaluation,
      predictor: { ...section.evaluation.predictor, dir: displayPath(dir) },
    },
  };
}

/** valens compare's paired tests for a report of several runs; a note instead when they cannot be made. */
function comparisonOf(
  runs: readonly LoadedRun[],
  ids: readonly string[],
  o: { missing: MissingPolicy; resamples: number; seed: number; catalog: Catalog },
): Pick<ReportData, "comparison" | "comparisonNote"> {
  if (runs.length < 2) return {};
  try {
    const inputs = compareInputs(runs, o.missing, ids);
    return {
      comparison: compareRuns(inputs, {
        missing: o.missing,
        resamples: o.resamples,
        seed: o.seed,
        catalog: o.catalog,
      }),
    };
  } catch (error) {
    if (!ValensError.isInstance(error)) throw error;
    return { comparison: null, comparisonNote: error.message };
  }
}

interface SectionOptions {
  catalog: Catalog;
  missing: MissingPolicy;
  topK: number;
  examples: number;
  resamples: number;
  seed: number;
}

function modelSection(run: ReportRun, id: string, o: SectionOptions): ModelSection {
  const metrics = computeMetrics(run, {
    catalog: o.catalog,
    missing: o.missing,
    bootstrap: o.resamples,
    seed: o.seed,
  });
  const task1Only = run.manifest.tasks.task2 === null;
  // A sampled run's undrawn items were never asked: they are not "agree" under --missing agree.
  const sample = run.sample;
  const joined = task1Only ? [] : itemAlignments(run, { missing: o.missing });
  const items = sample ? drawnItems(joined, sample) : joined;
  const answered = run.task2.filter((r) => r.chosen !== null);
  return {
    id,
    model: run.manifest.model.name,
    // Never absolute: a shared report must not carry the builder's directories.
    runDir: displayPath(run.dir),
    source: run.manifest.source.type,
    runCreatedAt: run.manifest.createdAt,
    runValensVersion: run.manifest.valensVersion,
    task1: run.manifest.tasks.task1,
    task2: withShownFile(run.manifest.tasks.task2),
    task1Only,
    notes: metrics.notes,
    robustness: metrics.robustness,
    headline: {
      alignmentRate: metrics.alignmentRate?.f1 ?? null,
      alignmentRateCi95: metrics.alignmentRate?.ci95 ?? null,
      scenarios: metrics.alignmentRate?.scenarios ?? metrics.coverage.task1.scenarios,
      items: metrics.coverage.task2?.items ?? metrics.coverage.task1.items,
      answeredItems: metrics.coverage.task2?.answered ?? 0,
      coverage: metrics.coverage.task2?.share ?? null,
      comparable: metrics.misalignment?.comparable ?? 0,
      misaligned: metrics.misalignment?.misaligned ?? null,
      misalignedShare: metrics.misalignment?.share ?? null,
      misalignedShareCi95: metrics.misalignment?.ci95 ?? null,
      positiveChoiceShare:
        answered.length === 0
          ? null
          : answered.filter((r) => r.chosen === "positive").length / answered.length,
      statedAgreeShare: metrics.inclination.overall?.agreeShare ?? null,
      meanStatedScore: metrics.inclination.overall?.score ?? null,
      meanDistance: metrics.distance?.overall ?? null,
      alignmentRateStudy: metrics.alignmentRate?.study.overall ?? null,
      alignmentRateStudyCi95: metrics.alignmentRate?.study.ci95 ?? null,
      macroF1: metrics.alignmentRate?.macroF1.overall ?? null,
      kappa: metrics.alignmentRate?.kappa.overall ?? null,
      meanDistanceStudy: metrics.distanceStudy?.overall ?? null,
    },
    sampled: sampledSectionOf(metrics),
    groups: task1Only ? [] : groupRows(metrics, items, o.catalog),
    distance: task1Only ? [] : distanceCells(metrics),
    distanceStudy: task1Only ? [] : studyDistanceCells(metrics),
    stated: statedByCountry(run, o.catalog),
    statedByValue: Object.entries(metrics.inclination.byValue).map(([value, s]) => ({
      value,
      score: s.score,
      agreeShare: s.agreeShare,
      scenarios: s.cells,
    })),
    topMisaligned: topMisaligned(metrics, o.topK),
    topMisalignedStudy: topMisalignedStudy(metrics, o.topK),
    misalignment: metrics.misalignment
      ? {
          agreeAgree: metrics.misalignment.agreeAgree,
          agreeDisagree: metrics.misalignment.agreeDisagree,
          disagreeAgree: metrics.misalignment.disagreeAgree,
          disagreeDisagree: metrics.misalignment.disagreeDisagree,
          misaligned: metrics.misalignment.misaligned,
          comparable: metrics.misalignment.comparable,
          share: metrics.misalignment.share,
        }
      : null,
    examples: task1Only ? [] : pickExamples(run, items, o.examples),
  };
}

function groupRows(metrics: MetricsReport, items: readonly ItemAlignment[], catalog: Catalog): GroupRow[] {
  const rows: GroupRow[] = [];
  for (const kind of ["country", "topic", "value"] as const) {
    const counts = new Map<string, { comparable: number; misaligned: number; distance: number }>();
    for (const item of items) {
      if (!item.comparable) continue;
      const entry = counts.get(item[kind]) ?? { comparable: 0, misaligned: 0, distance: 0 };
      entry.comparable++;
      if (item.misaligned) entry.misaligned++;
      entry.distance += item.distance ?? 0;
      counts.set(item[kind], entry);
    }
    const rates =
      kind === "country"
        ? metrics.alignmentRate?.byCountry
        : kind === "topic"
          ? metrics.alignmentRate?.byTopic
          : metrics.alignmentRate?.byValue;
    const studyRates =
      kind === "country"
        ? metrics.alignmentRate?.study.byCountry
        : kind === "topic"
          ? metrics.alignmentRate?.study.byTopic
          : metrics.alignmentRate?.study.byValue;
    const studyDistances =
      kind === "country"
        ? metrics.distanceStudy?.byCountry
        : kind === "topic"
          ? metrics.distanceStudy?.byTopic
          : undefined;
    const distances =
      kind === "country"
        ? metrics.distance?.byCountry
        : kind === "topic"
          ? metrics.distance?.byTopic
          : undefined;
    for (const name of inCatalogOrder(counts.keys(), kind, catalog)) {
      const c = counts.get(name) ?? { comparable: 0, misaligned: 0, distance: 0 };
      rows.push({
        kind,
        name,
        alignmentRate: rates?.[name] ?? null,
        // Countries and topics: the row mean of their distance matrix (the study's ranking);
        // values: the mean over their items.
        meanDistance: distances
          ? (distances[name] ?? null)
          : c.comparable > 0
            ? c.distance / c.comparable
            : null,
        alignmentRateStudy: studyRates?.[name] ?? null,
        meanDistanceStudy: studyDistances?.[name] ?? null,
        comparable: c.comparable,
        misaligned: c.misaligned,
      });
    }
  }
  return rows;
}

function distanceCells(metrics: MetricsReport): Cell[] {
  const cells: Cell[] = [];
  if (!metrics.distance) return cells;
  for (const [kind, matrix] of [
    ["country", metrics.distance.countryValue],
    ["topic", metrics.distance.topicValue],
  ] as const) {
    matrix.rows.forEach((row, r) => {
      matrix.columns.forEach((value, c) => {
        const n = matrix.counts[r]?.[c] ?? 0;
        if (n > 0) cells.push({ kind, row, value, mean: matrix.cells[r]?.[c] ?? null, n });
      });
    });
  }
  return cells;
}

/** Mean normalised stated score per (country, value) over topics: the task-1 heatmap. */
function statedByCountry(run: LoadedRun, catalog: Catalog): Cell[] {
  const sums = new Map<string, { country: string; value: string; sum: number; n: number }>();
  for (const cell of statedCells(run.task1)) {
    const key = `${cell.country}|${cell.value}`;
    const entry = sums.get(key) ?? { country: cell.country, value: cell.value, sum: 0, n: 0 };
    entry.sum += normalisedScore(cell.mean);
    entry.n++;
    sums.set(key, entry);
  }
  const countryRank = rankMap(
    inCatalogOrder(
      [...sums.values()].map((e) => e.country),
      "country",
      catalog,
    ),
  );
  const valueRank = rankMap(
    inCatalogOrder(
      [...sums.values()].map((e) => e.value),
      "value",
      catalog,
    ),
  );
  return [...sums.values()]
    .sort(
      (a, b) =>
        (countryRank.get(a.country) ?? 0) - (countryRank.get(b.country) ?? 0) ||
        (valueRank.get(a.value) ?? 0) - (valueRank.get(b.value) ?? 0),
    )
    .map((e) => ({ kind: "country" as const, row: e.country, value: e.value, mean: e.sum / e.n, n: e.n }));
}

function topMisaligned(metrics: MetricsReport, k: number): RankedValue[] {
  const out: RankedValue[] = [];
  if (!metrics.ranking) return out;
  for (const [kind, detail] of [
    ["country", metrics.ranking.detail.byCountry],
    ["topic", metrics.ranking.detail.byTopic],
  ] as const) {
    for (const [group, list] of Object.entries(detail)) {
      list.slice(0, k).forEach((v, i) => {
        out.push({ kind, group, rank: i + 1, value: v.value, distance: v.distance });
      });
    }
  }
  return out;
}

/**
 * The most misaligned items, spread over values and countries so a few do not fill the list:
 * largest distance first, at most one example per value, then per country, before repeating.
 */
function pickExamples(run: LoadedRun, items: readonly ItemAlignment[], n: number): Example[] {
  const misaligned = items
    .filter(
      (i) =>
        i.misaligned && i.statedMean !== null && i.negativeShare !== null && i.statedStance && i.actedStance,
    )
    .sort(
      (a, b) =>
        (b.distance ?? 0) - (a.distance ?? 0) ||
        a.country.localeCompare(b.country) ||
        a.topic.localeCompare(b.topic) ||
        a.value.localeCompare(b.value),
    );
  const chosen = spreadPick(misaligned, n);
  const actionText = new Map<string, string | null>();
  for (const a of run.actions) actionText.set(`${a.country}|${a.topic}|${a.value}|${a.polarity}`, a.action);
  return chosen.map((item) => {
    const chosenPolarity = item.actedStance === "agree" ? "positive" : "negative";
    const other = chosenPolarity === "positive" ? "negative" : "positive";
    const key = `${item.country}|${item.topic}|${item.value}`;
    return {
      country: item.country,
      topic: item.topic,
      value: item.value,
      statedMean: item.statedMean as number,
      statedStance: item.statedStance as "agree" | "disagree",
      actedStance: item.actedStance as "agree" | "disagree",
      negativeShare: item.negativeShare as number,
      distance: item.distance ?? 0,
      chosenAction: actionText.get(`${key}|${chosenPolarity}`) ?? null,
      otherAction: actionText.get(`${key}|${other}`) ?? null,
      chosenPolarity,
    };
  });
}

function grid(runs: readonly LoadedRun[], catalog: Catalog): ReportData["grid"] {
  const values = new Set<string>();
  const countries = new Set<string>();
  const topics = new Set<string>();
  for (const run of runs) {
    for (const r of run.task1) {
      countries.add(r.country);
      topics.add(r.topic);
      for (const v of Object.keys(r.ratings)) values.add(v);
    }
    for (const r of run.task2) {
      countries.add(r.country);
      topics.add(r.topic);
      values.add(r.value);
    }
  }
  return {
    values: inCatalogOrder(values, "value", catalog).map((name) => ({
      name,
      type: catalog.findValue(name)?.category ?? "Other",
    })),
    countries: inCatalogOrder(countries, "country", catalog),
    topics: inCatalogOrder(topics, "topic", catalog),
  };
}

/** Model names label the sections; two runs of one model are told apart by their directory. */
function uniqueIds(runs: readonly LoadedRun[]): string[] {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.manifest.model.name, (counts.get(run.manifest.model.name) ?? 0) + 1);
  const used = new Set<string>();
  return runs.map((run) => {
    const name = run.manifest.model.name;
    let id =
      (counts.get(name) ?? 0) > 1
        ? `${name} (${run.dir.split(/[\\/]/).filter(Boolean).pop() ?? "run"})`
        : name;
    for (let i = 2; used.has(id); i++) id = `${name} (${i})`;
    used.add(id);
    return id;
  });
}

function rankMap(names: readonly string[]): Map<string, number> {
  return new Map(names.map((name, i) => [name, i]));
}
