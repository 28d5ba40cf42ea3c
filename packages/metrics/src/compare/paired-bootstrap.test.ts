import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { describe, expect, it } from "vitest";
import { quantile } from "../bootstrap.js";
import { agreeF1, disagreeF1 } from "../class-scores.js";
import { type Confusion, emptyConfusion } from "../confusion.js";
import { PairedUnits } from "./paired-bootstrap.js";

const outcome = ["tp", "fp", "fn", "tn"] as const;
const one = (k: number): Confusion => ({ ...emptyConfusion(), [outcome[k] as string]: 1 });

/** The same resamples done the slow way: pick units, pool their confusions, take B - A. */
function reference(units: { a: Confusion; b: Confusion }[], seed: number, resamples: number) {
  const rng = xoroshiro128plus(seed);
  const n = units.length;
  const study: number[] = [];
  const share: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const a = emptyConfusion();
    const b = emptyConfusion();
    for (let i = 0; i < n; i++) {
      const unit = units[Math.floor(((rng.next() >>> 0) * n) / 4294967296)] as { a: Confusion; b: Confusion };
      for (const k of outcome) {
        a[k] += unit.a[k];
        b[k] += unit.b[k];
      }
    }
    study.push(disagreeF1(b) - disagreeF1(a));
    share.push((b.fp + b.fn - a.fp - a.fn) / n);
  }
  const interval = (xs: number[]) => {
    const sorted = Float64Array.from(xs).sort();
    return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
  };
  return { study: interval(study), share: interval(share) };
}

describe("PairedUnits", () => {
  it("resamples single-item units by histogram exactly as pooling the picked units would", () => {
    const units = Array.from({ length: 40 }, (_, i) => ({ a: one(i % 4), b: one((i * 7 + 3) % 4) }));
    const fast = new PairedUnits(units).bootstrap(xoroshiro128plus(3), 300, "pooled");
    const slow = reference(units, 3, 300);
    expect(fast?.study).toEqual(slow.study);
    expect(fast?.share).toEqual(slow.share);
  });

  it("gives each run's figures: mean of unit F1s, or F1 of the pooled table", () => {
    const units = [
      { a: { tp: 2, fp: 0, fn: 1, tn: 1 }, b: { tp: 3, fp: 0, fn: 0, tn: 1 } },
      { a: { tp: 0, fp: 1, fn: 0, tn: 3 }, b: { tp: 1, fp: 0, fn: 0, tn: 3 } },
    ];
    const paired = new PairedUnits(units);
    const meanA = paired.figures(0, "mean");
    expect(meanA.study).toBeCloseTo(
      (disagreeF1(units[0]?.a as Confusion) + disagreeF1(units[1]?.a as Confusion)) / 2,
      12,
    );
    expect(meanA.agree).toBeCloseTo(
      (agreeF1(units[0]?.a as Confusion) + agreeF1(units[1]?.a as Confusion)) / 2,
      12,
    );
    expect(meanA).toMatchObject({ misaligned: 2, comparable: 8, share: 0.25 });
    expect(paired.figures(1, "pooled").study).toBe(disagreeF1({ tp: 4, fp: 0, fn: 0, tn: 4 }));
  });
});
