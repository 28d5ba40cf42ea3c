import { z } from "zod";
import type { EncodedBatch, FeatureSchema } from "../data/features.js";
import type { HashingSettings } from "../text/hashing.js";
import { createEmbeddingBag } from "../tf/embedding-bag.js";
import type { Tf } from "../tf/runtime.js";
import type * as TfModule from "../tf/tfjs.js";
import { deriveSeed } from "../train/rng.js";

/** Training settings; chosen on validation splits, saved in the model card. */
export const hyperparametersSchema = z.object({
  textDimension: z.number().int().positive(),
  categoryDimension: z.number().int().positive(),
  hidden: z.number().int().positive(),
  learningRate: z.number().positive(),
  batchSize: z.number().int().positive(),
  maxEpochs: z.number().int().positive(),
  patience: z.number().int().nonnegative(),
  validationFraction: z.number().gt(0).lt(1),
  l2: z.number().nonnegative(),
});
export type Hyperparameters = z.infer<typeof hyperparametersSchema>;

export const defaultHyperparameters: Hyperparameters = {
  textDimension: 32,
  categoryDimension: 8,
  hidden: 32,
  learningRate: 0.003,
  batchSize: 64,
  maxEpochs: 25,
  patience: 3,
  validationFraction: 0.15,
  l2: 1e-4,
};

/** Rows of the shared category table: padding/unknown 0, then each vocabulary in turn. */
function categoryRows(schema: FeatureSchema): number {
  return 1 + schema.categorical.reduce((s, c) => s + c.vocabulary.length, 0);
}

/**
 * Hashed text -> one shared embedding table with masked mean pooling per text field, plus small
 * embeddings of the categories and the numeric features -> one hidden layer -> sigmoid.
 */
export function buildModel(
  tf: Tf,
  schema: FeatureSchema,
  hashing: HashingSettings,
  hyper: Hyperparameters,
  seed: number,
): TfModule.LayersModel {
  const inputs: TfModule.SymbolicTensor[] = [];
  const parts: TfModule.SymbolicTensor[] = [];
  if (schema.textFields.length > 0) {
    const fields = schema.textFields.length;
    const input = tf.input({ shape: [fields * hashing.maxTokens], dtype: "int32", name: "text" });
    inputs.push(input);
    const bag = createEmbeddingBag({
      name: "text_bag",
      inputDim: hashing.buckets,
      outputDim: hyper.textDimension,
      fields,
      seed: deriveSeed(seed, "text-embedding"),
    });
    parts.push(bag.apply(input) as TfModule.SymbolicTensor);
  }
  if (schema.categorical.length > 0) {
    const input = tf.input({ shape: [schema.categorical.length], dtype: "int32", name: "categories" });
    inputs.push(input);
    const bag = createEmbeddingBag({
      name: "category_bag",
      inputDim: categoryRows(schema),
      outputDim: hyper.categoryDimension,
      fields: schema.categorical.length,
      seed: deriveSeed(seed, "category-embedding"),
    });
    parts.push(bag.apply(input) as TfModule.SymbolicTensor);
  }
  if (schema.numeric.length > 0) {
    const input = tf.input({ shape: [schema.numeric.length], dtype: "float32", name: "numeric" });
    inputs.push(input);
    parts.push(input);
  }
  if (schema.embeddings) {
    const e = schema.embeddings;
    const input = tf.input({
      shape: [e.dimension * e.fields.length],
      dtype: "float32",
      name: "sentence_embeddings",
    });
    inputs.push(input);
    parts.push(input);
  }
  const joined =
    parts.length === 1
      ? (parts[0] as TfModule.SymbolicTensor)
      : (tf.layers.concatenate().apply(parts) as TfModule.SymbolicTensor);
  const hidden = tf.layers
    .dense({
      units: hyper.hidden,
      activation: "relu",
      kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, "hidden") }),
      name: "hidden",
    })
    .apply(joined) as TfModule.SymbolicTensor;
  const direct = tf.layers
    .dense({
      units: 1,
      activation: "sigmoid",
      kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, "output") }),
      name: schema.output === "stance-flip" ? "acted_disagree" : "probability",
    })
    .apply(hidden) as TfModule.SymbolicTensor;
  if (schema.output === "direct") return tf.model({ inputs, outputs: direct, name: "valens_predictor" });
  // p = q * (2a - 1) + (1 - a): q when the stated stance is agree, 1 - q when it is disagree.
  const sign = tf.input({ shape: [1], dtype: "float32", name: "stance_sign" });
  const offset = tf.input({ shape: [1], dtype: "float32", name: "stance_offset" });
  inputs.push(sign, offset);
  const flipped = tf.layers
    .multiply({ name: "stance_flip" })
    .apply([direct, sign]) as TfModule.SymbolicTensor;
  const output = tf.layers.add({ name: "probability" }).apply([flipped, offset]) as TfModule.SymbolicTensor;
  return tf.model({ inputs, outputs: output, name: "valens_predictor" });
}

/** The encoded batch as input tensors in the model's order (rows `from`..`to`). */
export function toTensors(
  tf: Tf,
  batch: EncodedBatch,
  schema: FeatureSchema,
  hashing: HashingSettings,
  rows?: Int32Array,
): TfModule.Tensor[] {
  const n = rows ? rows.length : batch.n;
  const tensors: TfModule.Tensor[] = [];
  const add = (source: Int32Array | Float32Array, width: number, dtype: "int32" | "float32") => {
    tensors.push(tf.tensor2d(pickRows(source, width, rows), [n, width], dtype));
  };
  if (batch.text) add(batch.text, schema.textFields.length * hashing.maxTokens, "int32");
  if (batch.categorical) add(batch.categorical, schema.categorical.length, "int32");
  if (batch.numeric) add(batch.numeric, schema.numeric.length, "float32");
  if (batch.embeddings && schema.embeddings)
    add(batch.embeddings, schema.embeddings.dimension * schema.embeddings.fields.length, "float32");
  if (batch.stance) {
    // Already picked: the two columns go in as they are.
    const both = pickRows(batch.stance, 2, rows);
    for (const column of [0, 1]) {
      const values = Float32Array.from({ length: n }, (_, i) => both[i * 2 + column] as number);
      tensors.push(tf.tensor2d(values, [n, 1], "float32"));
    }
  }
  return tensors;
}

/** The given rows of a row-major [n, width] array (all of it without `rows`). */
function pickRows<A extends Int32Array | Float32Array>(source: A, width: number, rows?: Int32Array): A {
  if (!rows) return source;
  const out = (
    source instanceof Int32Array ? new Int32Array(rows.length * width) : new Float32Array(rows.length * width)
  ) as A;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    out.set(source.subarray(r * width, (r + 1) * width), i * width);
  }
  return out;
}

/** Probabilities from the model, in chunks so memory stays flat on large runs. */
export async function predictProbabilities(
  tf: Tf,
  model: TfModule.LayersModel,
  batch: EncodedBatch,
  schema: FeatureSchema,
  hashing: HashingSettings,
  chunk = 4096,
): Promise<Float32Array> {
  const out = new Float32Array(batch.n);
  for (let start = 0; start < batch.n; start += chunk) {
    const rows = Int32Array.from({ length: Math.min(chunk, batch.n - start) }, (_, i) => start + i);
    const inputs = toTensors(tf, batch, schema, hashing, rows);
    // apply() runs the graph on the whole chunk; predict() would slice the inputs into batches
    // of 32, and every slice copies its entire input on the WebAssembly backend.
    const result = tf.tidy(() => model.apply(inputs, { training: false }) as TfModule.Tensor);
    out.set((await result.data()) as Float32Array, start);
    result.dispose();
    for (const t of inputs) t.dispose();
  }
  return out;
}
