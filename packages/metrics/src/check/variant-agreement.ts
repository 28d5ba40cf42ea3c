import binomialTest from "@stdlib/stats-binomial-test";
import type { Task1Record, Task2Record } from "@valens/core";
import { statedStance } from "../stance.js";
import { REVERSAL_ALPHA } from "./explanation-check.js";

/** Agreement below the other variants' by at least this much (and significantly) flags a variant. */
export const VARIANT_GAP = 0.2;
/** Variants with fewer answered items are not judged. */
export const MIN_VARIANT_ITEMS = 10;

export interface VariantAgreement {
  variant: number;
  /** Answered items of the variant that have a stated stance. */
  items: number;
  /** Of those, how many acted as stated (positive action and stated agree, or negative and disagree). */
  agree: number;
  share: number;
  /** The other variants' pooled share. */
  others: number | null;
  /** One-sided exact binomial test of `agree` against the others' share (H1: lower); null when not judged. */
  pValue: number | null;
  /** Far below the others: share < others - 0.2 and p < 0.01. */
  outlier: boolean;
}

/**
 * Per Task-2 variant, how often the acted stance agrees with the stated one (Task 1, over all
 * its variants). One variant far below the others usually means its option order was mapped
 * the wrong way round.
 */
export function variantAgreement(
  task1: readonly Task1Record[],
  task2: readonly Task2Record[],
): VariantAgreement[] {
  const stated = new Map<string, { sum: number; n: number }>();
  for (const record of task1) {
    for (const [value, rating] of Object.entries(record.ratings)) {
      const key = `${record.country}|${record.topic}|${value}`;
      const cell = stated.get(key) ?? { sum: 0, n: 0 };
      cell.sum += rating;
      cell.n++;
      stated.set(key, cell);
    }
  }
  const tallies = new Map<number, { items: number; agree: number }>();
  for (const record of task2) {
    if (record.chosen === null) continue;
    const cell = stated.get(`${record.country}|${record.topic}|${record.value}`);
    if (cell === undefined) continue;
    const tally = tallies.get(record.variant) ?? { items: 0, agree: 0 };
    tally.items++;
    if ((statedStance(cell.sum / cell.n) === "agree") === (record.chosen === "positive")) tally.agree++;
    tallies.set(record.variant, tally);
  }
  const all = [...tallies.entries()].sort((a, b) => a[0] - b[0]);
  const totalItems = all.reduce((s, [, t]) => s + t.items, 0);
  const totalAgree = all.reduce((s, [, t]) => s + t.agree, 0);
  return all.map(([variant, t]) => {
    const otherItems = totalItems - t.items;
    const others = otherItems > 0 ? (totalAgree - t.agree) / otherItems : null;
    const share = t.items > 0 ? t.agree / t.items : 0;
    const judged = others !== null && t.items >= MIN_VARIANT_ITEMS;
    const pValue = judged ? binomialTest(t.agree, t.items, { p: others, alternative: "less" }).pValue : null;
    return {
      variant,
      items: t.items,
      agree: t.agree,
      share,
      others,
      pValue,
      outlier:
        judged && pValue !== null && share < (others as number) - VARIANT_GAP && pValue < REVERSAL_ALPHA,
    };
  });
}
