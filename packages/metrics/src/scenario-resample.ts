import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_BOOTSTRAP_SEED, quantile } from "./bootstrap.js";

export interface ResampleOptions {
  resamples?: number;
  seed?: number;
}

/**
 * The scenario resamples of `bootstrapScenarios`, drawn the same way (xoroshiro128plus(seed), n
 * uniform draws per resample), so a figure bootstrapped here uses exactly the resampled scenario
 * sets behind `alignmentRate.ci95`. `statistic` maps one resample's picks (indices into the
 * scenario list, with repeats) to a number; NaN results are dropped. null when there is nothing
 * to resample or no resample gave a number.
 */
export function scenarioBootstrap(
  n: number,
  statistic: (picks: Int32Array) => number,
  options: ResampleOptions = {},
): [number, number] | null {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  if (n === 0 || resamples <= 0) return null;
  const rng = xoroshiro128plus(seed);
  const picks = new Int32Array(n);
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) picks[i] = uniformInt(rng, 0, n - 1);
    const value = statistic(picks);
    if (!Number.isNaN(value)) values.push(value);
  }
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
}

/** A resample's mean of a per-scenario column. */
export const meanOfPicks =
  (column: Float64Array) =>
  (picks: Int32Array): number => {
    let sum = 0;
    for (let i = 0; i < picks.length; i++) sum += column[picks[i] as number] as number;
    return sum / picks.length;
  };
