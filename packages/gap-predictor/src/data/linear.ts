import { z } from "zod";
import type { SparseRows } from "../model/logistic.js";
import { hashText } from "../text/hashing.js";
import type { GapExample } from "./examples.js";
import { numericValue } from "./features.js";

/** Inputs of a linear model over gap examples; saved with the model so prediction encodes alike. */
export const linearSpecSchema = z.object({
  numeric: z.array(z.string()),
  /** Standardisation of the numeric columns, from the training rows. */
  center: z.array(z.number()),
  scale: z.array(z.number()),
  /** Products of two numeric columns (by index), for the interactions a linear model lacks. */
  interactions: z.array(z.tuple([z.number().int(), z.number().int()])).default([]),
  categorical: z.array(z.object({ name: z.string(), vocabulary: z.array(z.string()) })),
  /** Hashed words and bigrams of each action's texts, one bucket space per action (null: no text). */
  text: z
    .object({
      buckets: z.number().int().min(16),
      maxTokens: z.number().int().positive(),
      parts: z.array(z.string()),
    })
    .nullable(),
});
export type LinearSpec = z.infer<typeof linearSpecSchema>;

const CATEGORIES = ["country", "topic", "value", "motivationalType"] as const;

export function buildLinearSpec(
  train: readonly GapExample[],
  numeric: readonly string[],
  options: {
    text: { buckets: number; parts: readonly string[] } | null;
    interactions?: readonly [string, string][];
  },
): LinearSpec {
  const center: number[] = [];
  const scale: number[] = [];
  for (const name of numeric) {
    const values = train.map((e) => numericValue(e, name));
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length));
    center.push(mean);
    scale.push(sd > 1e-9 ? sd : 1);
  }
  const index = (name: string) => numeric.indexOf(name);
  const interactions = (options.interactions ?? [])
    .map(([a, b]) => [index(a), index(b)] as [number, number])
    .filter(([a, b]) => a >= 0 && b >= 0);
  return {
    numeric: [...numeric],
    center,
    scale,
    interactions,
    categorical: CATEGORIES.map((name) => ({
      name,
      vocabulary: [...new Set(train.map((e) => String(e[name])))].sort(),
    })),
    text:
      options.text === null
        ? null
        : { buckets: options.text.buckets, maxTokens: 96, parts: [...options.text.parts] },
  };
}

function linearDimension(spec: LinearSpec): number {
  const categories = spec.categorical.reduce((s, c) => s + c.vocabulary.length, 0);
  return (
    spec.numeric.length + spec.interactions.length + categories + (spec.text ? 2 * spec.text.buckets : 0)
  );
}

/** Sparse rows of the examples: standardised numbers, their products, one-hot categories, hashed text. */
export function encodeLinear(spec: LinearSpec, examples: readonly GapExample[]): SparseRows {
  const dim = linearDimension(spec);
  const offsets = new Int32Array(examples.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const vocab = spec.categorical.map((c) => new Map(c.vocabulary.map((v, i) => [v, i])));
  const hashing = spec.text
    ? {
        scheme: "fnv1a32-words-bigrams-v1" as const,
        buckets: spec.text.buckets,
        maxTokens: spec.text.maxTokens,
        bigrams: true,
      }
    : null;
  const tokens = hashing ? new Int32Array(hashing.maxTokens) : null;
  const k = spec.numeric.length;
  const standardised = new Float64Array(k);
  examples.forEach((e, i) => {
    let column = 0;
    spec.numeric.forEach((name, j) => {
      const v = (numericValue(e, name) - (spec.center[j] as number)) / (spec.scale[j] as number);
      standardised[j] = v;
      if (v !== 0) {
        indices.push(column + j);
        values.push(v);
      }
    });
    column += k;
    spec.interactions.forEach(([a, b], j) => {
      const v = (standardised[a] as number) * (standardised[b] as number);
      if (v !== 0) {
        indices.push(column + j);
        values.push(v);
      }
    });
    column += spec.interactions.length;
    spec.categorical.forEach((c, j) => {
      const at = vocab[j]?.get(String(e[c.name as (typeof CATEGORIES)[number]]));
      if (at !== undefined) {
        indices.push(column + at);
        values.push(1);
      }
      column += c.vocabulary.length;
    });
    if (spec.text && hashing && tokens) {
      for (const [side, base] of [
        ["positive", column],
        ["negative", column + spec.text.buckets],
      ] as const) {
        const counts = new Map<number, number>();
        for (const part of spec.text.parts) {
          hashText(e[side][part as "action"] ?? "", hashing, tokens);
          for (const t of tokens) if (t !== 0) counts.set(t, (counts.get(t) ?? 0) + 1);
        }
        // Unit length per action, so a long explanation does not outweigh the numbers.
        let norm = 0;
        for (const c of counts.values()) norm += c * c;
        const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        for (const [t, c] of [...counts].sort(([a], [b]) => a - b)) {
          indices.push(base + t);
          values.push(c * inv);
        }
      }
    }
    offsets[i + 1] = indices.length;
  });
  return {
    n: examples.length,
    dim,
    offsets,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  };
}
