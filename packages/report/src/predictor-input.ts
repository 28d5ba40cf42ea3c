import { z } from "zod";

/**
 * What the report shows about a gap predictor. Plain data so that @valens/report does not depend
 * on @valens/gap-predictor: the caller (the CLI) evaluates the predictor and hands the figures in.
 */
export const scoreRowSchema = z.object({
  /** "predictor" for the predictor itself, or the baseline's name. */
  name: z.string().min(1),
  isBaseline: z.boolean(),
  f1: z.number().min(0).max(1),
  accuracy: z.number().min(0).max(1),
  precision: z.number().min(0).max(1).nullable().default(null),
  recall: z.number().min(0).max(1).nullable().default(null),
  /** Area under the ROC curve, when the predictor gives scores. */
  auroc: z.number().min(0).max(1).nullable().default(null),
});
export type ScoreRow = z.infer<typeof scoreRowSchema>;

export const predictorEvaluationSchema = z.object({
  predictor: z.object({
    name: z.string().min(1),
    /** What the predictor predicts, e.g. "gap" (misaligned item) or "choice" (chosen action). */
    target: z.string().min(1),
    dir: z.string().optional(),
    trainedOn: z.string().optional(),
    features: z.array(z.string()).default([]),
  }),
  testSet: z.object({ size: z.number().int().nonnegative(), description: z.string().default("") }),
  scores: z.array(scoreRowSchema).min(1),
  confusion: z
    .object({
      tp: z.number().int().nonnegative(),
      fp: z.number().int().nonnegative(),
      fn: z.number().int().nonnegative(),
      tn: z.number().int().nonnegative(),
    })
    .nullable()
    .default(null),
});
export type PredictorEvaluation = z.infer<typeof predictorEvaluationSchema>;

export const forecastItemSchema = z.object({
  country: z.string(),
  topic: z.string(),
  value: z.string(),
  /** Predicted probability of a gap (misalignment) for the item. */
  probability: z.number().min(0).max(1),
  /** What the run shows, when it has Task 2 for the item; null otherwise. */
  observed: z.boolean().nullable().default(null),
});
export type ForecastItem = z.infer<typeof forecastItemSchema>;

export const forecastSchema = z.object({
  /** The model the forecast is for. */
  model: z.string().min(1),
  predictor: z.string().min(1),
  /** Probability at or above which an item counts as a predicted gap. */
  threshold: z.number().min(0).max(1).default(0.5),
  items: z.array(forecastItemSchema),
});
export type Forecast = z.infer<typeof forecastSchema>;

export const predictorSectionSchema = z.object({
  evaluation: predictorEvaluationSchema.nullable(),
  forecast: forecastSchema.nullable(),
});
export type PredictorSection = z.infer<typeof predictorSectionSchema>;
