import { InputError } from "@valens/core";
import type { SplitSpec } from "../data/splits.js";
import type { BinaryMetrics } from "../evaluation/metrics.js";
import type { EvaluationReport } from "./card.js";
import { type PredictorKind, type TrainPredictorOptions, trainPredictor } from "./train-predictor.js";

/** The metrics summarised over splits (threshold-free first). */
export const REPEATED_METRICS = ["ap", "auroc", "f1", "brier"] as const;
export type RepeatedMetric = (typeof REPEATED_METRICS)[number];

/** Mean, sample standard deviation (n - 1), and range of one metric over the splits. */
export interface Spread {
  mean: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Splits where the metric was defined (AP and AUROC need both classes). */
  n: number;
}

export interface SplitResult {
  seed: number;
  split: string;
  /** The kind trained on this split (with kind "auto", the one its validation AP chose). */
  kind: PredictorKind;
  n: number;
  positives: number;
  predictor: Record<RepeatedMetric, number | null>;
  baselines: Record<string, Record<RepeatedMetric, number | null>>;
}

export interface RepeatedEvaluation {
  task: TrainPredictorOptions["task"];
  kind: PredictorKind | "auto";
  split: SplitSpec;
  repeats: number;
  seeds: number[];
  splits: SplitResult[];
  summary: {
    predictor: Record<RepeatedMetric, Spread>;
    baselines: Record<string, Record<RepeatedMetric, Spread>>;
  };
  /** Per baseline: splits where the predictor's AP is higher, and where AP was defined for both. */
  wins: Record<string, { wins: number; of: number }>;
}

export interface RepeatedSplitsOptions extends Omit<TrainPredictorOptions, "seed" | "split" | "bootstrap"> {
  /** A seeded split (groups or random): each repeat draws it again with its own seed. */
  split: Extract<SplitSpec, { kind: "groups" | "random" }>;
  repeats: number;
  /** Seeds firstSeed .. firstSeed + repeats - 1 (default 1). */
  firstSeed?: number;
  /** Called after each split is trained and evaluated. */
  onSplit?: (result: SplitResult, index: number) => void;
}

/** Minimum repeats: a spread needs two splits. */
export const MIN_REPEATS = 2;

/**
 * Trains and evaluates the predictor on `repeats` seeded splits of the runs (every baseline
 * refitted on each split's training items only), and summarises each metric's mean and spread.
 */
export async function evaluateRepeatedSplits(options: RepeatedSplitsOptions): Promise<RepeatedEvaluation> {
  const { repeats, split, onSplit, firstSeed = 1, ...train } = options;
  if (!Number.isInteger(repeats) || repeats < MIN_REPEATS)
    throw new InputError(`--repeats must be a whole number >= ${MIN_REPEATS} (a spread needs two splits)`, {
      hint: "Pass e.g. --repeats 8",
    });
  const seeds = Array.from({ length: repeats }, (_, i) => firstSeed + i);
  const splits: SplitResult[] = [];
  for (const [index, seed] of seeds.entries()) {
    const trained = await trainPredictor({ ...train, split, seed });
    const report = trained.report;
    if (report === null)
      throw new InputError(`The split with seed ${seed} held out no labelled items`, {
        hint: "Use a larger --group-fraction, or runs with more items",
      });
    const { card } = trained.predictor;
    const result = splitResult(seed, card.training.splitDescription, card.modelKind, report);
    splits.push(result);
    onSplit?.(result, index);
  }
  return {
    task: options.task,
    kind: options.kind ?? "network",
    split,
    repeats,
    seeds,
    splits,
    ...summariseSplits(splits),
  };
}

const pickMetrics = (m: BinaryMetrics): Record<RepeatedMetric, number | null> => ({
  ap: m.ap,
  auroc: m.auroc,
  f1: m.f1,
  brier: m.brier,
});

function splitResult(
  seed: number,
  split: string,
  kind: PredictorKind,
  report: EvaluationReport,
): SplitResult {
  return {
    seed,
    split,
    kind,
    n: report.n,
    positives: report.positives,
    predictor: pickMetrics(report),
    baselines: Object.fromEntries(Object.entries(report.baselines).map(([k, m]) => [k, pickMetrics(m)])),
  };
}

/** Mean, sd and range of each metric of the predictor and every baseline, and the AP wins. */
export function summariseSplits(
  splits: readonly SplitResult[],
): Pick<RepeatedEvaluation, "summary" | "wins"> {
  const names = [...new Set(splits.flatMap((s) => Object.keys(s.baselines)))];
  const spreads = (pick: (s: SplitResult) => Record<RepeatedMetric, number | null> | undefined) =>
    Object.fromEntries(
      REPEATED_METRICS.map((metric) => [metric, spread(splits.map((s) => pick(s)?.[metric] ?? null))]),
    ) as Record<RepeatedMetric, Spread>;
  const wins: RepeatedEvaluation["wins"] = {};
  for (const name of names) {
    let won = 0;
    let of = 0;
    for (const s of splits) {
      const ours = s.predictor.ap;
      const theirs = s.baselines[name]?.ap ?? null;
      if (ours === null || theirs === null) continue;
      of++;
      if (ours > theirs) won++;
    }
    wins[name] = { wins: won, of };
  }
  return {
    summary: {
      predictor: spreads((s) => s.predictor),
      baselines: Object.fromEntries(names.map((name) => [name, spreads((s) => s.baselines[name])])),
    },
    wins,
  };
}

export function spread(values: readonly (number | null)[]): Spread {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length === 0) return { mean: null, sd: null, min: null, max: null, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length < 2 ? null : Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}
