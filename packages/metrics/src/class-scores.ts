import type { Confusion } from "./confusion.js";

/**
 * Class-wise scores of one confusion table (stated stance the reference, acted the prediction;
 * `Confusion` counts "agree" as positive, so the disagree class swaps tp and tn).
 */

/**
 * F1 of the "disagree" class, 2TN / (2TN + FP + FN): scikit-learn's `f1_score(t1, t2)` with the
 * study's coding 1 = disagree and its default pos_label=1. Its default zero_division ("warn")
 * scores 0/0 as 0, so a table with no disagree item on either side scores 0.
 */
export function disagreeF1(c: Confusion): number {
  const denominator = 2 * c.tn + c.fp + c.fn;
  return denominator === 0 ? 0 : (2 * c.tn) / denominator;
}

/** F1 of the "agree" class, 2TP / (2TP + FP + FN), 0 for 0/0. */
export function agreeF1(c: Confusion): number {
  const denominator = 2 * c.tp + c.fp + c.fn;
  return denominator === 0 ? 0 : (2 * c.tp) / denominator;
}

/**
 * scikit-learn's `f1_score(..., average="macro")`: the mean F1 over the labels present in either
 * vector (`unique_labels`), so a table where every item is "agree" on both sides scores 1, not
 * 0.5. NaN for an empty table.
 */
export function macroF1(c: Confusion): number {
  const agreePresent = c.tp + c.fp + c.fn > 0;
  const disagreePresent = c.tn + c.fp + c.fn > 0;
  if (agreePresent && disagreePresent) return (agreeF1(c) + disagreeF1(c)) / 2;
  if (agreePresent) return agreeF1(c);
  if (disagreePresent) return disagreeF1(c);
  return Number.NaN;
}

/**
 * Cohen's kappa of stated against acted stance, (po - pe) / (1 - pe). null when pe = 1 (both
 * sides all one class: scikit-learn's `cohen_kappa_score` returns NaN there) or the table is empty.
 */
export function cohenKappa(c: Confusion): number | null {
  const n = c.tp + c.fp + c.fn + c.tn;
  if (n === 0) return null;
  const observed = (c.tp + c.tn) / n;
  const statedAgree = (c.tp + c.fn) / n;
  const actedAgree = (c.tp + c.fp) / n;
  const expected = statedAgree * actedAgree + (1 - statedAgree) * (1 - actedAgree);
  if (expected >= 1) return null;
  return (observed - expected) / (1 - expected);
}
