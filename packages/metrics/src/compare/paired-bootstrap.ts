import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { quantile } from "../bootstrap.js";
import type { Confusion } from "../confusion.js";
import { f1Agree, f1Disagree } from "./class-f1.js";

/**
 * How a group's alignment rate is formed from its units: "mean" of per-unit F1s (units are
 * scenarios: the overall, per-country and per-topic rates), or F1 of the "pooled" confusion
 * (units are a value's items, one per scenario: the per-value rates, as `alignmentRate.byValue`).
 */
export type Aggregation = "mean" | "pooled";

/** The three figures compared, each for run A and run B. */
export interface PairFigures {
  /** Alignment rate, study definition (F1 of "disagree"). */
  study: number;
  /** Alignment rate, F1 of "agree" (valens's first `alignmentRate.f1`). */
  agree: number;
  /** Misaligned share of the group's comparable items. */
  share: number;
  misaligned: number;
  comparable: number;
}

/**
 * Units of one group, paired: the confusion of run A and run B on each unit's shared items, as a
 * flat Int32Array of 8 counts per unit (A tp fp fn tn, B tp fp fn tn).
 */
export class PairedUnits {
  readonly counts: Int32Array;
  readonly length: number;
  /** Per unit: A's study F1, A's agree F1, B's study F1, B's agree F1. */
  readonly #unitF1s: Float64Array;
  constructor(units: readonly { a: Confusion; b: Confusion }[]) {
    this.length = units.length;
    this.counts = new Int32Array(units.length * 8);
    this.#unitF1s = new Float64Array(units.length * 4);
    units.forEach(({ a, b }, i) => {
      this.counts.set([a.tp, a.fp, a.fn, a.tn, b.tp, b.fp, b.fn, b.tn], i * 8);
      this.#unitF1s.set([f1Disagree(a), f1Agree(a), f1Disagree(b), f1Agree(b)], i * 4);
    });
  }

  /** Run A's (side 0) or B's (side 1) figures over all units. */
  figures(side: 0 | 1, aggregation: Aggregation): PairFigures {
    const picks = Int32Array.from({ length: this.length }, (_, i) => i);
    return this.#figuresOf(picks, side, aggregation);
  }

  #figuresOf(picks: Int32Array, side: 0 | 1, aggregation: Aggregation): PairFigures {
    // Plain number accumulators, no object per unit: a compare runs this some ten million times.
    const counts = this.counts;
    const f1s = this.#unitF1s;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    let studySum = 0;
    let agreeSum = 0;
    for (let i = 0; i < picks.length; i++) {
      const unit = picks[i] as number;
      const at = unit * 8 + side * 4;
      tp += counts[at] as number;
      fp += counts[at + 1] as number;
      fn += counts[at + 2] as number;
      tn += counts[at + 3] as number;
      studySum += f1s[unit * 4 + side * 2] as number;
      agreeSum += f1s[unit * 4 + side * 2 + 1] as number;
    }
    const comparable = tp + fp + fn + tn;
    const misaligned = fp + fn;
    const pooled = { tp, fp, fn, tn };
    return {
      study: aggregation === "mean" ? studySum / picks.length : f1Disagree(pooled),
      agree: aggregation === "mean" ? agreeSum / picks.length : f1Agree(pooled),
      share: comparable === 0 ? 0 : misaligned / comparable,
      misaligned,
      comparable,
    };
  }

  /**
   * Paired percentile bootstrap of B - A: each resample draws as many units as there are, with
   * replacement, the same draws for both runs (so what the runs share cancels out).
   */
  bootstrap(
    rng: RandomGenerator,
    resamples: number,
    aggregation: Aggregation,
  ): { study: [number, number]; agree: [number, number]; share: [number, number] } | null {
    const n = this.length;
    if (n === 0 || resamples <= 0) return null;
    const study = new Float64Array(resamples);
    const agree = new Float64Array(resamples);
    const share = new Float64Array(resamples);
    const picks = new Int32Array(n);
    for (let r = 0; r < resamples; r++) {
      for (let i = 0; i < n; i++) picks[i] = uniformInt(rng, 0, n - 1);
      const a = this.#figuresOf(picks, 0, aggregation);
      const b = this.#figuresOf(picks, 1, aggregation);
      study[r] = b.study - a.study;
      agree[r] = b.agree - a.agree;
      share[r] = b.share - a.share;
    }
    return { study: interval(study), agree: interval(agree), share: interval(share) };
  }
}

function interval(samples: Float64Array): [number, number] {
  const sorted = samples.sort();
  return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
}
