import { z } from "zod";
import { logit, sigmoid } from "./calibration.js";

/** Both classes need this many (weighted-count-free) items before the slope is refitted too. */
const PLATT_MIN_PER_CLASS = 10;

export const recalibrationSchema = z.object({
  /** Labelled items the recalibration was fitted on. */
  items: z.number().int().nonnegative(),
  /**
   * "none": no labelled items (the predictor's own calibration stands); "intercept": the
   * log-odds shifted by b (few items of one class); "platt": slope a and intercept b.
   */
  method: z.enum(["none", "intercept", "platt"]),
  a: z.number(),
  b: z.number(),
});
export type Recalibration = z.infer<typeof recalibrationSchema>;

/**
 * Refits p' = sigmoid(a logit(p) + b) on the target model's own labelled items, weighted (e.g.
 * by 1 / inclusion probability, so a risk-guided sample is not taken for the whole grid). With
 * few items of a class only the intercept moves; Platt's smoothed targets keep a separable sample
 * finite. The level of a zero-shot forecast is what transfers worst across models; this is the fix.
 */
export function recalibrate(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Recalibration {
  const n = labels.length;
  if (n === 0) return { items: 0, method: "none", a: 1, b: 0 };
  let positives = 0;
  let wPos = 0;
  let wNeg = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] as number) : 1;
    if (labels[i] === 1) {
      positives++;
      wPos += w;
    } else wNeg += w;
  }
  const negatives = n - positives;
  const method = positives >= PLATT_MIN_PER_CLASS && negatives >= PLATT_MIN_PER_CLASS ? "platt" : "intercept";
  // Platt's targets, from the counts (not the weights): they only keep the fit finite.
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  const scale = n / Math.max(1e-12, wPos + wNeg);
  const x = Float64Array.from({ length: n }, (_, i) => logit(probabilities[i] as number));
  const weightOf = (i: number) => (weights ? (weights[i] as number) : 1) * scale;
  const loss = (a: number, b: number): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const z = a * (x[i] as number) + b;
      const t = labels[i] === 1 ? hi : lo;
      // t log p + (1 - t) log(1 - p), stably: log(1 + e^z) - t z
      sum += weightOf(i) * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t * z);
    }
    return sum;
  };
  const { a, b } = dampedNewton(x, labels, { hi, lo }, weightOf, loss, method === "platt");
  return { items: n, method, a, b };
}

/** Newton's method on the weighted log loss in (a, b), or in b alone when `slope` is false. */
function dampedNewton(
  x: Float64Array,
  labels: ArrayLike<number>,
  { hi, lo }: { hi: number; lo: number },
  weightOf: (i: number) => number,
  loss: (a: number, b: number) => number,
  slope: boolean,
): { a: number; b: number } {
  const n = x.length;
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < n; i++) {
      const w = weightOf(i);
      const t = labels[i] === 1 ? hi : lo;
      const p = sigmoid(a * (x[i] as number) + b);
      const d = w * (p - t);
      const h = w * p * (1 - p);
      ga += d * (x[i] as number);
      gb += d;
      haa += h * (x[i] as number) ** 2;
      hab += h * (x[i] as number);
      hbb += h;
    }
    let da = 0;
    let db: number;
    if (slope) {
      const det = haa * hbb - hab * hab;
      if (Math.abs(det) < 1e-12) break;
      da = (hbb * ga - hab * gb) / det;
      db = (haa * gb - hab * ga) / det;
    } else db = gb / hbb;
    // Damped Newton: halve the step until the (convex) loss goes down, so a badly ranked or
    // saturated forecast cannot send the fit off to a level far from the sample's.
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const improved = current - next;
    current = next;
    if (improved < 1e-12 * Math.max(1, Math.abs(current))) break;
  }
  return { a, b };
}

export function applyRecalibration(r: Recalibration, probabilities: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: probabilities.length }, (_, i) =>
    r.method === "none"
      ? (probabilities[i] as number)
      : sigmoid(r.a * logit(probabilities[i] as number) + r.b),
  );
}
