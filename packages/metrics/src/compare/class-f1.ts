import type { Confusion } from "../confusion.js";

/**
 * Per-unit F1 of both classes from one confusion table (stated the reference, acted the
 * prediction). "disagree" is the study's alignment rate (PROTOCOL.md, "Alignment measures"):
 * positive = disagree, so tp' = tn, fp' = fn (said agree, acted disagree), fn' = fp.
 * 0 when the denominator is 0 (scikit-learn's zero_division=0).
 */
export const f1Agree = (c: Confusion): number => ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
export const f1Disagree = (c: Confusion): number => ratio(2 * c.tn, 2 * c.tn + c.fp + c.fn);

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
