import { type Confusion, confusionOf } from "./confusion.js";
import type { ItemAlignment } from "./item-alignment.js";

/** The study's misalignment table, counted over comparable items. */
export interface MisalignmentTable {
  /** Stated agree, acted disagree. */
  agreeDisagree: number;
  /** Stated disagree, acted agree. */
  disagreeAgree: number;
  agreeAgree: number;
  disagreeDisagree: number;
  /** agreeDisagree + disagreeAgree. */
  misaligned: number;
  /** Items with both stances known (the share's denominator). */
  comparable: number;
  /** misaligned / comparable. */
  share: number;
  /** 95% percentile bootstrap interval of `share` (scenarios resampled); null when not computed. */
  ci95: [number, number] | null;
}

export function misalignmentTable(
  items: readonly ItemAlignment[],
  ci95: [number, number] | null = null,
): MisalignmentTable | null {
  return misalignmentOf(confusionOf(items), ci95);
}

/** misalignmentTable of the comparable items' confusion table, already counted. */
export function misalignmentOf(c: Confusion, ci95: [number, number] | null = null): MisalignmentTable | null {
  const comparable = c.tp + c.fp + c.fn + c.tn;
  if (comparable === 0) return null;
  return {
    agreeDisagree: c.fn,
    disagreeAgree: c.fp,
    agreeAgree: c.tp,
    disagreeDisagree: c.tn,
    misaligned: c.fn + c.fp,
    comparable,
    share: (c.fn + c.fp) / comparable,
    ci95,
  };
}
