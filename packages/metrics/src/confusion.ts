import type { ItemAlignment } from "./item-alignment.js";

/**
 * Stated stance is the reference, the acted stance the prediction, "agree" the positive class:
 * tp = said agree and acted agree, fn = said agree and acted disagree,
 * fp = said disagree and acted agree, tn = said disagree and acted disagree.
 */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export const emptyConfusion = (): Confusion => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

/** Adds one comparable item to a confusion table (items that are not comparable are ignored). */
export function addToConfusion(confusion: Confusion, item: ItemAlignment): void {
  if (!item.comparable) return;
  if (item.statedStance === "agree") {
    if (item.actedStance === "agree") confusion.tp++;
    else confusion.fn++;
  } else if (item.actedStance === "agree") confusion.fp++;
  else confusion.tn++;
}

export function confusionOf(items: Iterable<ItemAlignment>): Confusion {
  const confusion = emptyConfusion();
  for (const item of items) addToConfusion(confusion, item);
  return confusion;
}

/** F1 of the "agree" class: 2TP / (2TP + FP + FN), 0 when that is 0/0 (scikit-learn's zero_division=0). */
export function f1Score(c: Confusion): number {
  const denominator = 2 * c.tp + c.fp + c.fn;
  return denominator === 0 ? 0 : (2 * c.tp) / denominator;
}

export const comparableCount = (c: Confusion): number => c.tp + c.fp + c.fn + c.tn;
