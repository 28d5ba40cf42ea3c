import { createRng, deriveSeed } from "../train/rng.js";
import { auroc, averagePrecision, brierScore, confusion, precisionRecallF1 } from "./metrics.js";

/** Metrics with bootstrap intervals. */
const BOOTSTRAP_METRICS = ["auroc", "ap", "f1", "brier"] as const;

export interface Scored {
  name: string;
  scores: ArrayLike<number>;
  threshold: number;
}

/**
 * 95% percentile intervals of each scorer's metrics, over resamples of the examples with
 * replacement. Every scorer sees the same resamples, so the intervals compare like for like.
 */
export function bootstrapIntervals(
  scored: readonly Scored[],
  labels: ArrayLike<number>,
  resamples: number,
  seed: number,
): Record<string, Record<string, [number, number]>> {
  const n = labels.length;
  const random = createRng(deriveSeed(seed, "bootstrap"));
  const draws: Record<string, Record<string, number[]>> = {};
  for (const s of scored) draws[s.name] = Object.fromEntries(BOOTSTRAP_METRICS.map((m) => [m, []]));
  const index = new Int32Array(n);
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      index[i] = Math.floor(random() * n);
      y[i] = labels[index[i] as number] as number;
    }
    for (const s of scored) {
      for (let i = 0; i < n; i++) p[i] = s.scores[index[i] as number] as number;
      const out = draws[s.name] as Record<string, number[]>;
      const values = {
        auroc: auroc(p, y),
        ap: averagePrecision(p, y),
        f1: precisionRecallF1(confusion(p, y, s.threshold)).f1,
        brier: brierScore(p, y),
      };
      for (const m of BOOTSTRAP_METRICS) {
        const v = values[m];
        if (v !== null) out[m]?.push(v);
      }
    }
  }
  const result: Record<string, Record<string, [number, number]>> = {};
  for (const [name, metrics] of Object.entries(draws)) {
    result[name] = {};
    for (const [metric, values] of Object.entries(metrics)) {
      if (values.length === 0) continue;
      values.sort((a, b) => a - b);
      const at = (q: number) =>
        values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))] as number;
      (result[name] as Record<string, [number, number]>)[metric] = [at(0.025), at(0.975)];
    }
  }
  return result;
}
