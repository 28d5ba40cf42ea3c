import { z } from "zod";
import { actedTableSchema } from "../data/context.js";
import { taskSchema } from "../data/examples.js";
import { featureGroupSchema, featureSchemaSchema } from "../data/features.js";
import { splitSpecSchema } from "../data/splits.js";
import { baselineParamsSchema } from "../evaluation/baselines.js";
import { binaryMetricsSchema } from "../evaluation/metrics.js";
import { hyperparametersSchema } from "../model/build.js";
import { hashingSettingsSchema } from "../text/hashing.js";
import { plattSchema } from "../train/calibration.js";

/** Bumped whenever a reader of an older predictor directory would misread it. */
export const PREDICTOR_FORMAT_VERSION = 1;

export const PREDICTOR_FILES = {
  card: "card.json",
  model: "model.json",
  weights: "weights.bin",
  heldOut: "heldout.jsonl",
} as const;

const fileRefSchema = z.object({
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Predictor and baselines on one set of labelled examples. */
const evaluationReportSchema = binaryMetricsSchema.extend({
  task: taskSchema,
  baselines: z.record(z.string(), binaryMetricsSchema),
  /** Examples whose country/topic/value was never seen in training (scored as "unknown"). */
  unseenCategories: z.number().int().nonnegative(),
  /** 95% bootstrap intervals over the examples (percentile), when asked for. */
  intervals: z
    .object({
      resamples: z.number().int().positive(),
      predictor: z.record(z.string(), z.tuple([z.number(), z.number()])),
      baselines: z.record(z.string(), z.record(z.string(), z.tuple([z.number(), z.number()]))),
    })
    .optional(),
});
export type EvaluationReport = z.infer<typeof evaluationReportSchema>;

export const kindSelectionSchema = z.object({
  criterion: z.literal("validation AP"),
  /** null: the kind does not apply to the task (logistic is for the gap task only). */
  validationAp: z.object({ logistic: z.number().nullable(), network: z.number().nullable() }),
});
export type KindSelection = z.infer<typeof kindSelectionSchema>;

/** card.json: everything needed to trust, reproduce and reuse a trained predictor. */
export const predictorCardSchema = z.object({
  kind: z.literal("valens-predictor"),
  formatVersion: z.literal(PREDICTOR_FORMAT_VERSION),
  valensVersion: z.string(),
  createdAt: z.string(),
  task: taskSchema,
  features: z.array(featureGroupSchema),
  hashing: hashingSettingsSchema,
  featureSchema: featureSchemaSchema,
  hyperparameters: hyperparametersSchema,
  seed: z.number().int(),
  /**
   * "network": the TensorFlow.js model in model.json + weights.bin. "logistic": a stance-flip
   * logistic regression (model.json holds it, see model/stance-flip-linear.ts; weights.bin is empty). Cards before it: network.
   */
  modelKind: z.enum(["network", "logistic"]).default("network"),
  /**
   * Set when the kind was chosen (`kind: "auto"`): each kind's AP on the validation split of the
   * training items, the higher kept (ties: logistic). Never the held-out items.
   */
  kindSelection: kindSelectionSchema.nullable().default(null),
  /**
   * How the training models acted on each item (gap task, several training models): the
   * predictor's `others` features and the other-models baseline read it for new runs.
   */
  acted: actedTableSchema.nullable().default(null),
  backend: z.object({ name: z.string(), notes: z.array(z.string()) }),
  training: z.object({
    runs: z.array(
      z.object({
        dir: z.string(),
        model: z.string(),
        /** sha256 of the run's record files (manifest, actions, task1, task2). */
        files: z.record(z.string(), z.string()),
      }),
    ),
    split: splitSpecSchema,
    splitDescription: z.string(),
    examples: z.object({
      train: z.number().int(),
      fit: z.number().int(),
      validation: z.number().int(),
      heldOut: z.number().int(),
      trainPositives: z.number().int(),
    }),
    epochs: z.number().int(),
    bestEpoch: z.number().int(),
    classWeights: z.object({ negative: z.number(), positive: z.number() }),
    durationMs: z.number().nonnegative(),
  }),
  calibration: plattSchema,
  /** Decision threshold on calibrated probabilities (chosen on the validation split). */
  threshold: z.number(),
  baselines: baselineParamsSchema,
  metrics: z.object({ validation: binaryMetricsSchema, heldOut: evaluationReportSchema.nullable() }),
  files: z.object({ model: fileRefSchema, weights: fileRefSchema, heldOut: fileRefSchema }),
});
export type PredictorCard = z.infer<typeof predictorCardSchema>;
