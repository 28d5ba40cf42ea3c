import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { quantile } from "../bootstrap.js";
import { agreeF1 as f1Agree, disagreeF1 as f1Disagree } from "../class-scores.js";
import type { Confusion } from "../confusion.js";

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
    const out: Draws = {
      study: new Float64Array(resamples),
      agree: new Float64Array(resamples),
      share: new Float64Array(resamples),
    };
    const codes = aggregation === "pooled" ? this.#singleItemCodes() : null;
    if (codes !== null) {
      // A value's units are single items: a resample is a 16-bin histogram of (A, B) outcomes.
      const histogram = new Int32Array(16);
      for (let r = 0; r < resamples; r++) {
        histogram.fill(0);
        for (let i = 0; i < n; i++) {
          const code = codes[draw(rng, n)] as number;
          histogram[code] = (histogram[code] as number) + 1;
        }
        recordPooled(histogram, out, r);
      }
    } else {
      const picks = new Int32Array(n);
      for (let r = 0; r < resamples; r++) {
        for (let i = 0; i < n; i++) picks[i] = draw(rng, n);
        const a = this.#figuresOf(picks, 0, aggregation);
        const b = this.#figuresOf(picks, 1, aggregation);
        out.study[r] = b.study - a.study;
        out.agree[r] = b.agree - a.agree;
        out.share[r] = b.share - a.share;
      }
    }
    return { study: interval(out.study), agree: interval(out.agree), share: interval(out.share) };
  }

  /** Each unit's (A outcome * 4 + B outcome), outcomes 0 tp, 1 fp, 2 fn, 3 tn; null unless every unit is one item. */
  #singleItemCodes(): Uint8Array | null {
    const codes = new Uint8Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const at = i * 8;
      let a = -1;
      let b = -1;
      for (let k = 0; k < 4; k++) {
        const ca = this.counts[at + k] as number;
        const cb = this.counts[at + 4 + k] as number;
        if (ca > 1 || cb > 1 || (ca === 1 && a >= 0) || (cb === 1 && b >= 0)) return null;
        if (ca === 1) a = k;
        if (cb === 1) b = k;
      }
      if (a < 0 || b < 0) return null;
      codes[i] = a * 4 + b;
    }
    return codes;
  }
}

interface Draws {
  study: Float64Array;
  agree: Float64Array;
  share: Float64Array;
}

/** The pooled figures of both runs from a histogram of (A, B) outcomes, as B - A. */
function recordPooled(histogram: Int32Array, out: Draws, r: number): void {
  const a = [0, 0, 0, 0];
  const b = [0, 0, 0, 0];
  for (let code = 0; code < 16; code++) {
    const count = histogram[code] as number;
    a[code >> 2] = (a[code >> 2] as number) + count;
    b[code & 3] = (b[code & 3] as number) + count;
  }
  const ca = { tp: a[0] as number, fp: a[1] as number, fn: a[2] as number, tn: a[3] as number };
  const cb = { tp: b[0] as number, fp: b[1] as number, fn: b[2] as number, tn: b[3] as number };
  const total = ca.tp + ca.fp + ca.fn + ca.tn;
  out.study[r] = f1Disagree(cb) - f1Disagree(ca);
  out.agree[r] = f1Agree(cb) - f1Agree(ca);
  out.share[r] = total === 0 ? 0 : (cb.fp + cb.fn - ca.fp - ca.fn) / total;
}

/**
 * A uniform index below n by multiply-shift of one 32-bit draw: its bias is below n / 2^32
 * (3e-8 for 132 scenarios), far under bootstrap noise, and it is twice as fast as rejection
 * sampling, which matters at the ~15 million draws of a full compare.
 */
const draw = (rng: RandomGenerator, n: number): number => Math.floor(((rng.next() >>> 0) * n) / 4294967296);

function interval(samples: Float64Array): [number, number] {
  const sorted = samples.sort();
  return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
}
