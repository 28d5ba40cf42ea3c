import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import type { ScenarioAlignment } from "./alignment-rate.js";

export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  resamples?: number;
  /** PRNG seed (default 1): the same seed gives the same intervals. */
  seed?: number;
}

export interface BootstrapIntervals {
  resamples: number;
  seed: number;
  /** 95% percentile interval of the mean scenario F1. */
  f1: [number, number];
  /** 95% percentile interval of the misaligned share of comparable items. */
  misalignedShare: [number, number];
}

export const DEFAULT_BOOTSTRAP_RESAMPLES = 1000;
export const DEFAULT_BOOTSTRAP_SEED = 1;

/**
 * Percentile bootstrap over scenarios: items within a scenario are not independent (one Task-1
 * answer rates all its values), so whole scenarios are resampled with replacement.
 */
export function bootstrapScenarios(
  scenarios: readonly ScenarioAlignment[],
  options: BootstrapOptions = {},
): BootstrapIntervals | null {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const n = scenarios.length;
  if (n === 0 || resamples <= 0) return null;
  // The three figures a resample sums, as flat columns: the draws read numbers, not objects, and
  // the counts stay small integers (no boxed doubles before V8 optimises the loop).
  const columns: Columns = {
    f1: Float64Array.from(scenarios, (s) => s.f1),
    misaligned: Int32Array.from(scenarios, (s) => s.misaligned),
    comparable: Int32Array.from(scenarios, (s) => s.comparable),
  };
  const rng = xoroshiro128plus(seed);
  const out: Resamples = { f1s: new Float64Array(resamples), shares: new Float64Array(resamples) };
  for (let r = 0; r < resamples; r++) resample(rng, columns, out, r);
  return {
    resamples,
    seed,
    f1: percentileInterval(out.f1s),
    misalignedShare: percentileInterval(out.shares),
  };
}

interface Columns {
  f1: Float64Array;
  misaligned: Int32Array;
  comparable: Int32Array;
}

interface Resamples {
  f1s: Float64Array;
  shares: Float64Array;
}

/**
 * Resample `r`: as many scenarios as there are, drawn with replacement. A small function of its
 * own, which V8 optimises whole after a few resamples, sooner than one long loop over them all.
 */
function resample(rng: RandomGenerator, columns: Columns, out: Resamples, r: number): void {
  const { f1, misaligned: misalignedCounts, comparable: comparableCounts } = columns;
  const n = f1.length;
  let f1Sum = 0;
  let misaligned = 0;
  let comparable = 0;
  for (let i = 0; i < n; i++) {
    const pick = uniformInt(rng, 0, n - 1);
    f1Sum += f1[pick] as number;
    misaligned += misalignedCounts[pick] as number;
    comparable += comparableCounts[pick] as number;
  }
  out.f1s[r] = f1Sum / n;
  out.shares[r] = comparable === 0 ? 0 : misaligned / comparable;
}

function percentileInterval(samples: Float64Array): [number, number] {
  const sorted = samples.slice().sort();
  return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
}

/** Linear interpolation between order statistics (numpy's default "linear" method). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return a + (b - a) * (position - lower);
}
