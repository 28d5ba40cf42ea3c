import { z } from "zod";
import { actedNegative } from "../data/context.js";
import type { GapExample } from "../data/examples.js";
import { encodeLinear, type LinearSpec, linearSpecSchema } from "../data/linear.js";
import { averagePrecision } from "../evaluation/metrics.js";
import { sigmoid } from "../train/calibration.js";
import { fitLogistic, type LogisticModel, logisticLogits, type SparseRows } from "./logistic.js";

/**
 * A logistic regression of the acted choice (q = P(the model picks the negative action)),
 * turned into a gap probability by the stated stance: p = q when the stated stance is agree,
 * 1 - q when disagree (0.5 without a rating). The structure the network has, in a convex model.
 */
export const stanceFlipLinearSchema = z.object({
  spec: linearSpecSchema,
  /** Sparse weights: column -> weight (zeros left out). */
  weights: z.record(z.string(), z.number()),
  bias: z.number(),
  l2: z.number(),
});
export type StanceFlipLinear = z.infer<typeof stanceFlipLinearSchema>;

/** Training rows the linear model can learn from: a label and a stated stance. */
const learnable = (examples: readonly GapExample[]) => examples.filter((e) => actedNegative(e) !== null);

function fitStanceFlipLinear(train: readonly GapExample[], spec: LinearSpec, l2: number): StanceFlipLinear {
  return fitEncoded(encodeLearnable(spec, train), spec, l2).model;
}

interface Encoded {
  rows: SparseRows;
  labels: number[];
}

function encodeLearnable(spec: LinearSpec, examples: readonly GapExample[]): Encoded {
  const rows = learnable(examples);
  return { rows: encodeLinear(spec, rows), labels: rows.map((e) => actedNegative(e) as number) };
}

function fitEncoded(
  data: Encoded,
  spec: LinearSpec,
  l2: number,
  initial?: LogisticModel,
): { model: StanceFlipLinear; fitted: LogisticModel } {
  const fitted = fitLogistic(data.rows, data.labels, { l2, ...(initial ? { initial } : {}) });
  const weights: Record<string, number> = {};
  fitted.weights.forEach((w, j) => {
    if (w !== 0) weights[j] = Number(w.toPrecision(6));
  });
  return { model: { spec, weights, bias: fitted.bias, l2 }, fitted };
}

/** q = P(negative action) per example. */
function actedProbabilities(model: StanceFlipLinear, examples: readonly GapExample[]): Float64Array {
  const weights = new Float64Array(
    Object.keys(model.weights).reduce((m, k) => Math.max(m, Number(k) + 1), 0),
  );
  for (const [k, w] of Object.entries(model.weights)) weights[Number(k)] = w;
  const logits = logisticLogits({ weights, bias: model.bias }, encodeLinear(model.spec, examples));
  return Float64Array.from(logits, sigmoid);
}

/** Gap probabilities: the acted choice flipped by the stated stance. */
export function stanceFlip(examples: readonly GapExample[], q: ArrayLike<number>): Float64Array {
  return Float64Array.from(examples, (e, i) => {
    if (e.stated.mean === null) return 0.5;
    const negative = q[i] as number;
    return e.stated.mean < 2.5 ? negative : 1 - negative;
  });
}

export function gapProbabilitiesLinear(
  model: StanceFlipLinear,
  examples: readonly GapExample[],
): Float64Array {
  return stanceFlip(examples, actedProbabilities(model, examples));
}

/** Penalties tried on the validation split (training items or models only). */
const L2_GRID = [1e-4, 1e-3, 1e-2] as const;

/**
 * Picks the penalty by validation AP of the gap label (ties: the larger penalty), then refits on
 * every training row (unless `refit` is false: then the model fitted on `fit` is returned, so the
 * validation rows stay unseen for calibration). The validation rows are a split of the training
 * data, never the test.
 */
export function fitStanceFlipLinearTuned(
  fit: readonly GapExample[],
  validation: readonly GapExample[],
  spec: LinearSpec,
  grid: readonly number[] = L2_GRID,
  refit = true,
): { model: StanceFlipLinear; validationAp: Record<string, number | null> } {
  const labelled = validation.filter((e) => e.label !== null);
  const scores: Record<string, number | null> = {};
  let best = grid[grid.length - 1] as number;
  let bestAp = Number.NEGATIVE_INFINITY;
  let bestModel: StanceFlipLinear | null = null;
  // Encoded once; penalties from strong to weak, each fit starting from the previous one.
  const encoded = encodeLearnable(spec, fit);
  let previous: LogisticModel | undefined;
  if (labelled.length > 0 && new Set(labelled.map((e) => e.label)).size === 2) {
    for (const l2 of [...grid].sort((a, b) => b - a)) {
      const { model, fitted } = fitEncoded(encoded, spec, l2, previous);
      previous = fitted;
      const ap = averagePrecision(
        gapProbabilitiesLinear(model, labelled),
        labelled.map((e) => e.label ?? 0),
      );
      scores[String(l2)] = ap;
      if (ap !== null && ap > bestAp + 1e-6) {
        bestAp = ap;
        best = l2;
        bestModel = model;
      }
    }
  }
  const model =
    !refit && bestModel !== null
      ? bestModel
      : refit
        ? fitStanceFlipLinear([...fit, ...validation], spec, best)
        : fitEncoded(encoded, spec, best).model;
  return { model, validationAp: scores };
}
