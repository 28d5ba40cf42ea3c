import { createRng } from "@valens/core";
import { quantile } from "../bootstrap.js";
import type { SampleDesign } from "./design.js";
import {
  DEFAULT_ESTIMATOR,
  type Estimator,
  estimateTotal,
  type FittedEstimator,
  fitEstimator,
  responseRate,
  type SampleFrame,
  type ShareEstimate,
  shareOf,
} from "./estimator.js";

/** One item of a sampled run's grid, as the estimates need it. */
export interface SampledItem {
  country: string;
  topic: string;
  value: string;
  statedAgree: boolean;
  /** The guide's gap probability; null without a guide. */
  forecast: number | null;
  inclusion: number;
  drawn: boolean;
  /** Misaligned, for drawn items with a Task-2 answer; null otherwise. */
  outcome: boolean | null;
}

export interface PointInterval {
  estimate: number;
  ci95: [number, number];
}

export interface SampledEstimates {
  design: SampleDesign;
  estimator: Estimator;
  /** Items of the grid (all have a stated stance). */
  items: number;
  /** Items drawn for Task 2. */
  drawn: number;
  /** Drawn items with a Task-2 answer: the "n" of "estimated from n of N items". */
  sampled: number;
  /** Response rate among drawn items (their weights are scaled by it). */
  responseRate: number;
  /** The misaligned share and count of the whole grid. */
  misaligned: ShareEstimate;
  /** Stated agree, acted disagree: share among stated-agree items, and the count. */
  agreeDisagree: ShareEstimate;
  /** Stated disagree, acted agree: share among stated-disagree items, and the count. */
  disagreeAgree: ShareEstimate;
  byCountry: Record<string, ShareEstimate>;
  byTopic: Record<string, ShareEstimate>;
  /** Alignment rate in both definitions, mean over scenarios, with bootstrap intervals. */
  alignmentRate: {
    /** The study's: F1 of the disagree class per scenario, averaged. */
    study: PointInterval;
    /** F1 of the agree class per scenario, averaged (valens's alignmentRate.f1). */
    agreeF1: PointInterval;
    scenarios: number;
    resamples: number;
    seed: number;
  };
  /** Recalibrated forecast: the expected share of the whole grid before the residual correction. */
  recalibratedShare: number | null;
  /** The estimator's prediction summed over the undrawn items (the recalibrated forecast there). */
  undrawnPrediction: number | null;
}

export interface EstimateOptions {
  design: SampleDesign;
  estimator?: Estimator;
  /** Bootstrap resamples for the alignment rates (default 1000; 0 gives point estimates only). */
  resamples?: number;
  seed?: number;
  /** Group order for byCountry/byTopic (default: first appearance). */
  countries?: readonly string[];
  topics?: readonly string[];
}

export function frameOf(items: readonly SampledItem[]): SampleFrame {
  const hasForecast = items.length > 0 && items.every((i) => i.forecast !== null);
  return {
    forecast: hasForecast ? items.map((i) => i.forecast as number) : null,
    statedAgree: items.map((i) => i.statedAgree),
    inclusion: items.map((i) => i.inclusion),
    outcome: items.map((i) => (i.drawn ? i.outcome : null)),
  };
}

/** The estimator actually used: forecast-based ones fall back to the regression on stance alone. */
export function effectiveEstimator(frame: SampleFrame, estimator: Estimator): Estimator {
  return estimator === "difference" && frame.forecast === null ? "regression" : estimator;
}

/** Every whole-grid estimate of a sampled run. */
export function estimateSampledRun(
  items: readonly SampledItem[],
  options: EstimateOptions,
): SampledEstimates {
  const frame = frameOf(items);
  const estimator = effectiveEstimator(frame, options.estimator ?? DEFAULT_ESTIMATOR);
  const drawn = items.map((i) => i.drawn);
  const rate = responseRate(frame, drawn);
  const fitted = fitEstimator(frame, estimator, { responseRate: rate });
  const countries = options.countries ?? unique(items.map((i) => i.country));
  const topics = options.topics ?? unique(items.map((i) => i.topic));
  const byGroup = (names: readonly string[], key: "country" | "topic") => {
    const out: Record<string, ShareEstimate> = {};
    for (const name of names) {
      const estimate = shareOf(estimateTotal(fitted, (i) => (items[i] as SampledItem)[key] === name));
      if (estimate.items > 0) out[name] = estimate;
    }
    return out;
  };
  const scenarios = scenarioIndex(items);
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 1;
  const rates = alignmentRates(fitted, frame, scenarios);
  const boot = bootstrapAlignment(frame, estimator, rate, scenarios, resamples, seed, rates);
  return {
    design: options.design,
    estimator,
    items: items.length,
    drawn: drawn.filter(Boolean).length,
    sampled: fitted.sampled.length,
    responseRate: rate,
    misaligned: shareOf(estimateTotal(fitted)),
    agreeDisagree: shareOf(estimateTotal(fitted, (i) => frame.statedAgree[i] === true)),
    disagreeAgree: shareOf(estimateTotal(fitted, (i) => frame.statedAgree[i] === false)),
    byCountry: byGroup(countries, "country"),
    byTopic: byGroup(topics, "topic"),
    alignmentRate: {
      study: { estimate: rates.study, ci95: boot ? boot.study : [rates.study, rates.study] },
      agreeF1: { estimate: rates.agree, ci95: boot ? boot.agree : [rates.agree, rates.agree] },
      scenarios: scenarios.length,
      resamples: boot ? resamples : 0,
      seed,
    },
    recalibratedShare: estimator === "regression" && frame.forecast ? mean(fitted.prediction) : null,
    undrawnPrediction:
      estimator === "ht"
        ? null
        : items.reduce((s, item, i) => (item.drawn ? s : s + (fitted.prediction[i] as number)), 0),
  };
}

interface ScenarioItems {
  agree: Int32Array;
  disagree: Int32Array;
}

function scenarioIndex(items: readonly SampledItem[]): ScenarioItems[] {
  const groups = new Map<string, { agree: number[]; disagree: number[] }>();
  items.forEach((item, i) => {
    const key = `${item.country}|${item.topic}`;
    let g = groups.get(key);
    if (!g) {
      g = { agree: [], disagree: [] };
      groups.set(key, g);
    }
    (item.statedAgree ? g.agree : g.disagree).push(i);
  });
  return [...groups.values()].map((g) => ({
    agree: Int32Array.from(g.agree),
    disagree: Int32Array.from(g.disagree),
  }));
}

/**
 * Per scenario, the estimated counts of the two kinds (FN: stated agree acted disagree; FP:
 * stated disagree acted agree) clipped to what the scenario holds; the stated counts are known
 * exactly. F1 of each class from them, averaged over scenarios (0 when a class has no true
 * positive, as scikit-learn scores it).
 */
export function alignmentRates(
  fitted: FittedEstimator,
  frame: SampleFrame,
  scenarios: readonly ScenarioItems[],
): { study: number; agree: number } {
  // Residual / pi of every sampled item, scattered to its grid position.
  const correction = new Float64Array(frame.inclusion.length);
  for (let k = 0; k < fitted.sampled.length; k++)
    correction[fitted.sampled[k] as number] = (fitted.residual[k] as number) * (fitted.weight[k] as number);
  const sum = (indices: Int32Array) => {
    let s = 0;
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j] as number;
      s += (fitted.prediction[i] as number) + (correction[i] as number);
    }
    return s;
  };
  let study = 0;
  let agree = 0;
  for (const s of scenarios) {
    const a = s.agree.length;
    const d = s.disagree.length;
    const fn = Math.min(a, Math.max(0, sum(s.agree)));
    const fp = Math.min(d, Math.max(0, sum(s.disagree)));
    const tp = a - fn;
    const tn = d - fp;
    agree += 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    study += 2 * tn + fp + fn === 0 ? 0 : (2 * tn) / (2 * tn + fp + fn);
  }
  const n = scenarios.length;
  return { study: n === 0 ? 0 : study / n, agree: n === 0 ? 0 : agree / n };
}

/**
 * Generalised bootstrap for Poisson sampling (Beaumont and Patak 2012): each sampled item's
 * weight is multiplied by 1 + sqrt(1 - pi) (m - 1), m ~ Poisson(1), which has mean 1 and the
 * variance (1 - pi) that reproduces the design's variance of a total. The estimator is refitted
 * on every replicate, so the recalibration's own uncertainty is in the interval too.
 */
function bootstrapAlignment(
  frame: SampleFrame,
  estimator: Estimator,
  rate: number,
  scenarios: readonly ScenarioItems[],
  resamples: number,
  seed: number,
  point: { study: number; agree: number },
): { study: [number, number]; agree: [number, number] } | null {
  if (resamples <= 0) return null;
  const rng = createRng(seed);
  const n = frame.inclusion.length;
  const multipliers = new Float64Array(n).fill(1);
  const study = new Float64Array(resamples);
  const agree = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      if (frame.outcome[i] === null) continue;
      const pi = Math.min(1, (frame.inclusion[i] as number) * rate);
      multipliers[i] = 1 + Math.sqrt(1 - pi) * (poisson1(rng) - 1);
    }
    const fitted = fitEstimator(frame, estimator, { responseRate: rate, multipliers });
    const rates = alignmentRates(fitted, frame, scenarios);
    study[r] = rates.study;
    agree[r] = rates.agree;
  }
  // Basic (bias-correcting) bootstrap interval [2t - q97.5, 2t - q2.5]: a mean of per-scenario F1s
  // from a handful of sampled items each is biased by its nonlinearity, and the percentile
  // interval would carry that bias along (in simulation it covered about half the time for the
  // F1 of agree); the basic interval reflects it around the estimate.
  const interval = (xs: Float64Array, estimate: number): [number, number] => {
    const sorted = xs.slice().sort();
    const low = 2 * estimate - quantile(sorted, 0.975);
    const high = 2 * estimate - quantile(sorted, 0.025);
    return [Math.max(0, low), Math.min(1, high)];
  };
  return { study: interval(study, point.study), agree: interval(agree, point.agree) };
}

/** A Poisson(1) draw by inversion (Knuth): a handful of uniforms. */
export function poisson1(rng: () => number): number {
  const limit = Math.exp(-1);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  return xs.length === 0 ? 0 : s / xs.length;
}
