import { z } from "zod";

/** Threshold-free and thresholded quality of probabilities against 0/1 labels. */
export const binaryMetricsSchema = z.object({
  n: z.number().int().nonnegative(),
  positives: z.number().int().nonnegative(),
  auroc: z.number().nullable(),
  ap: z.number().nullable(),
  f1: z.number(),
  precision: z.number(),
  recall: z.number(),
  accuracy: z.number(),
  threshold: z.number(),
  brier: z.number(),
  ece: z.number(),
});
export type BinaryMetrics = z.infer<typeof binaryMetricsSchema>;

function check(scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (scores.length !== labels.length) {
    throw new RangeError(`scores (${scores.length}) and labels (${labels.length}) differ in length`);
  }
}

/** Indices sorted by descending score (stable). */
function descending(scores: ArrayLike<number>): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}

/** Area under the ROC curve (Mann-Whitney with mid-ranks for ties); null without both classes. */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  check(scores, labels);
  const order = descending(scores).reverse();
  let positives = 0;
  let rankSumPositive = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k] as number] === 1) {
        positives++;
        rankSumPositive += midRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Average precision, sum over distinct thresholds of (R_k - R_{k-1}) * P_k (scikit-learn's
 * definition: tied scores form one threshold, no interpolation); null without positives.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const { steps, positives } = thresholdSteps(scores, labels);
  if (positives === 0) return null;
  let ap = 0;
  let previousRecall = 0;
  for (const { tp, seen } of steps) {
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / seen);
    previousRecall = recall;
  }
  return ap;
}

/**
 * Cumulative counts at each distinct score, highest first: predicting positive for scores at or
 * above `score` finds `tp` of the `positives` among `seen` items (tied scores are one step).
 */
function thresholdSteps(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
): { steps: { score: number; tp: number; seen: number }[]; positives: number } {
  check(scores, labels);
  const order = descending(scores);
  let positives = 0;
  for (let k = 0; k < labels.length; k++) if (labels[k] === 1) positives++;
  const steps: { score: number; tp: number; seen: number }[] = [];
  let tp = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    for (let k = i; k <= j; k++) if (labels[order[k] as number] === 1) tp++;
    steps.push({ score: scores[order[i] as number] as number, tp, seen: j + 1 });
    i = j + 1;
  }
  return { steps, positives };
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Predicted positive when score >= threshold. */
export function confusion(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
): Confusion {
  check(scores, labels);
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const predicted = (scores[i] as number) >= threshold;
    if (labels[i] === 1) predicted ? c.tp++ : c.fn++;
    else predicted ? c.fp++ : c.tn++;
  }
  return c;
}

export function precisionRecallF1(c: Confusion): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Mean squared difference between probability and outcome. */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  check(probabilities, labels);
  if (probabilities.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++)
    sum += ((probabilities[i] as number) - (labels[i] as number)) ** 2;
  return sum / probabilities.length;
}

/**
 * Expected calibration error with equal-width bins over [0, 1]: the item-weighted mean of
 * |observed rate - mean probability| per bin (p = 1 falls in the last bin).
 */
export function expectedCalibrationError(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): number {
  check(probabilities, labels);
  if (probabilities.length === 0) return 0;
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] as number;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[b] = (count[b] as number) + 1;
    sumP[b] = (sumP[b] as number) + p;
    sumY[b] = (sumY[b] as number) + (labels[i] as number);
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const n = count[b] as number;
    if (n > 0)
      ece += (n / probabilities.length) * Math.abs((sumY[b] as number) / n - (sumP[b] as number) / n);
  }
  return ece;
}

/** The threshold (one of the scores) with the highest F1; ties go to the higher threshold. */
export function bestF1Threshold(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { steps, positives } = thresholdSteps(scores, labels);
  if (positives === 0 || steps.length === 0) return 0.5;
  let best = -1;
  let bestThreshold = 0.5;
  for (const { score, tp, seen } of steps) {
    const f1 = (2 * tp) / (seen + positives);
    if (f1 > best) {
      best = f1;
      bestThreshold = score;
    }
  }
  return bestThreshold;
}

/** Every metric at once; `threshold` should come from validation data, never from these labels. */
export function binaryMetrics(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
): BinaryMetrics {
  const c = confusion(probabilities, labels, threshold);
  const prf = precisionRecallF1(c);
  return {
    n: probabilities.length,
    positives: c.tp + c.fn,
    auroc: auroc(probabilities, labels),
    ap: averagePrecision(probabilities, labels),
    ...prf,
    accuracy: probabilities.length === 0 ? 0 : (c.tp + c.tn) / probabilities.length,
    threshold,
    brier: brierScore(probabilities, labels),
    ece: expectedCalibrationError(probabilities, labels),
  };
}
