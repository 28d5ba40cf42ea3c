import { z } from "zod";

/** Platt scaling: p = sigmoid(a * logit + b), fitted on validation logits. */
export const plattSchema = z.object({ method: z.literal("platt"), a: z.number(), b: z.number() });
export type PlattCalibration = z.infer<typeof plattSchema>;

export const sigmoid = (x: number): number =>
  x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
export const logit = (p: number): number => {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
};

/**
 * Fits a, b by Newton's method on the log loss, with Platt's smoothed targets
 * ((n+ + 1)/(n+ + 2), 1/(n- + 2)) so a separable validation set does not blow up.
 */
export function fitPlatt(logits: ArrayLike<number>, labels: ArrayLike<number>): PlattCalibration {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return { method: "platt", a: 1, b: 0 };
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < logits.length; i++) {
      const x = logits[i] as number;
      const t = labels[i] === 1 ? hi : lo;
      const p = sigmoid(a * x + b);
      const d = p - t;
      const w = p * (1 - p);
      ga += d * x;
      gb += d;
      haa += w * x * x;
      hab += w * x;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  return { method: "platt", a, b };
}

export function applyPlatt(calibration: PlattCalibration, logits: ArrayLike<number>): Float64Array {
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++)
    out[i] = sigmoid(calibration.a * (logits[i] as number) + calibration.b);
  return out;
}
