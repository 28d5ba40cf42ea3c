import type { Example } from "../data/examples.js";
import { encode, type FeatureSchema, labelsOf } from "../data/features.js";
import { bestF1Threshold } from "../evaluation/metrics.js";
import { buildModel, type Hyperparameters, predictProbabilities, toTensors } from "../model/build.js";
import type { HashingSettings } from "../text/hashing.js";
import type { Tf } from "../tf/runtime.js";
import type * as TfModule from "../tf/tfjs.js";
import { applyPlatt, fitPlatt, logit, type PlattCalibration } from "./calibration.js";
import { createRng, deriveSeed, shuffled } from "./rng.js";

export interface TrainedModel {
  model: TfModule.LayersModel;
  calibration: PlattCalibration;
  /** Decision threshold on calibrated probabilities, chosen for F1 on the validation split. */
  threshold: number;
  epochs: number;
  bestEpoch: number;
  /** Class-weighted log loss on the validation split at the best epoch. */
  validationLoss: number;
  classWeights: { negative: number; positive: number };
  /** Calibrated validation probabilities (for reports; never test data). */
  validationProbabilities: Float64Array;
}

export interface TrainInputs {
  tf: Tf;
  schema: FeatureSchema;
  hashing: HashingSettings;
  hyper: Hyperparameters;
  seed: number;
  fit: readonly Example[];
  validation: readonly Example[];
  embeddingsOf?: (example: Example, field: string) => readonly number[];
  onEpoch?: (epoch: number, validationLoss: number) => void;
}

function weightedLogLoss(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  w: { negative: number; positive: number },
): number {
  let sum = 0;
  let weight = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i] as number));
    const wi = y[i] === 1 ? w.positive : w.negative;
    sum -= wi * (y[i] === 1 ? Math.log(q) : Math.log(1 - q));
    weight += wi;
  }
  return weight === 0 ? 0 : sum / weight;
}

/**
 * Trains with class weights (each class carries half the loss), a fresh seeded shuffle per
 * epoch, early stopping on validation loss with the best epoch's weights restored, then Platt
 * calibration and the F1 threshold on the same validation split.
 */
export async function trainModel(inputs: TrainInputs): Promise<TrainedModel> {
  const { tf, schema, hashing, hyper, seed } = inputs;
  const fitLabels = labelsOf(inputs.fit);
  const positives = fitLabels.reduce((s, v) => s + v, 0);
  const negatives = fitLabels.length - positives;
  const classWeights = {
    negative: negatives === 0 ? 1 : fitLabels.length / (2 * negatives),
    positive: positives === 0 ? 1 : fitLabels.length / (2 * positives),
  };
  const fitBatch = encode(schema, hashing, inputs.fit, inputs.embeddingsOf);
  const validationBatch = encode(schema, hashing, inputs.validation, inputs.embeddingsOf);
  const validationLabels = labelsOf(inputs.validation);

  const model = buildModel(tf, schema, hashing, hyper, seed);
  const optimizer = tf.train.adam(hyper.learningRate);
  const hiddenKernel = model.getLayer("hidden").trainableWeights[0];
  const random = createRng(deriveSeed(seed, "epoch-shuffle"));
  const indices = Array.from({ length: fitBatch.n }, (_, i) => i);

  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  let bestWeights: TfModule.Tensor[] | undefined;
  let epoch = 0;
  for (epoch = 1; epoch <= hyper.maxEpochs; epoch++) {
    const order = Int32Array.from(shuffled(indices, random));
    // Our own loop rather than fit(): fit() cuts each batch out of the whole epoch's tensors
    // with gather, which copies all of them per batch on the WebAssembly backend.
    for (let start = 0; start < order.length; start += hyper.batchSize) {
      const rows = order.subarray(start, Math.min(order.length, start + hyper.batchSize));
      const m = rows.length;
      const xs = toTensors(tf, fitBatch, schema, hashing, rows);
      const y = tf.tensor2d(
        Float32Array.from(rows, (i) => fitLabels[i] as number),
        [m, 1],
      );
      const w = tf.tensor2d(
        Float32Array.from(rows, (i) => (fitLabels[i] === 1 ? classWeights.positive : classWeights.negative)),
        [m, 1],
      );
      optimizer.minimize(() => {
        const p = tf.clipByValue(model.apply(xs, { training: true }) as TfModule.Tensor, 1e-7, 1 - 1e-7);
        const bce = tf.neg(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p)))));
        const loss = tf.div(tf.sum(tf.mul(bce, w)), m);
        if (hyper.l2 === 0 || !hiddenKernel) return loss as TfModule.Scalar;
        return tf.add(loss, tf.mul(hyper.l2, tf.sum(tf.square(hiddenKernel.read())))) as TfModule.Scalar;
      });
      for (const t of xs) t.dispose();
      y.dispose();
      w.dispose();
    }
    const p = await predictProbabilities(tf, model, validationBatch, schema, hashing);
    const loss = weightedLogLoss(p, validationLabels, classWeights);
    inputs.onEpoch?.(epoch, loss);
    if (loss < best - 1e-5) {
      best = loss;
      bestEpoch = epoch;
      for (const w of bestWeights ?? []) w.dispose();
      bestWeights = model.getWeights().map((w) => w.clone());
    } else if (epoch - bestEpoch >= hyper.patience) {
      break;
    }
  }
  if (bestWeights) {
    model.setWeights(bestWeights);
    for (const w of bestWeights) w.dispose();
  }
  const raw = await predictProbabilities(tf, model, validationBatch, schema, hashing);
  const calibration = fitPlatt(Float64Array.from(raw, logit), validationLabels);
  const calibrated = applyPlatt(calibration, Float64Array.from(raw, logit));
  return {
    model,
    calibration,
    threshold: bestF1Threshold(calibrated, validationLabels),
    epochs: Math.min(epoch, hyper.maxEpochs),
    bestEpoch,
    validationLoss: best,
    classWeights,
    validationProbabilities: calibrated,
  };
}
