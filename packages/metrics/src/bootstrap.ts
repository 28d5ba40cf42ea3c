import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
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
  const rng = xoroshiro128plus(seed);
  const f1s = new Float64Array(resamples);
  const shares = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let f1Sum = 0;
    let misaligned = 0;
    let comparable = 0;
    for (let i = 0; i < n; i++) {
      const s = scenarios[uniformInt(rng, 0, n - 1)] as ScenarioAlignment;
      f1Sum += s.f1;
      misaligned += s.misaligned;
      comparable += s.comparable;
    }
    f1s[r] = f1Sum / n;
    shares[r] = comparable === 0 ? 0 : misaligned / comparable;
  }
  return {
    resamples,
    seed,
    f1: percentileInterval(f1s),
    misalignedShare: percentileInterval(shares),
  };
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
