import { comparisonReportSchema } from "@valens/metrics";
import { z } from "zod";
import { predictorSectionSchema } from "./predictor-input.js";
import { robustnessSchema } from "./robustness-data.js";
import { sampledSchema } from "./sections/sampled.js";

/** Bumped on any change a reader of an older `--format json` report would misread. */
export const REPORT_FORMAT_VERSION = 1;

const interval = z.tuple([z.number(), z.number()]);
const taskSummary = z.object({
  variants: z.array(z.number().int()),
  records: z.number().int().nonnegative(),
  clean: z.number().int().nonnegative(),
  repaired: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});

export const distanceKindSchema = z.enum(["study", "item"]);
export type DistanceKind = z.infer<typeof distanceKindSchema>;

export const headlineSchema = z.object({
  /** Mean scenario F1 ("agree" the positive class); null for a task-1-only run. */
  alignmentRate: z.number().nullable(),
  alignmentRateCi95: interval.nullable(),
  /** The study's alignment rate: mean scenario F1 of "disagree" (PROTOCOL.md); null without Task 2. */
  alignmentRateStudy: z.number().nullable().default(null),
  alignmentRateStudyCi95: interval.nullable().default(null),
  /** Mean scenario macro-F1 (scikit-learn, classes present). */
  macroF1: z.number().nullable().default(null),
  /** Cohen's kappa of stated against acted stance, pooled over items. */
  kappa: z.number().nullable().default(null),
  /** Mean of the study's country x value distance cells. */
  meanDistanceStudy: z.number().nullable().default(null),
  /** Scenarios behind the alignment rate. */
  scenarios: z.number().int().nonnegative(),
  /** Items (country, topic, value) in the run. */
  items: z.number().int().nonnegative(),
  /** Items with a Task-2 answer. */
  answeredItems: z.number().int().nonnegative(),
  /** answeredItems / items; null without Task 2. */
  coverage: z.number().nullable(),
  /** Items with both stances known. */
  comparable: z.number().int().nonnegative(),
  misaligned: z.number().int().nonnegative().nullable(),
  misalignedShare: z.number().nullable(),
  misalignedShareCi95: interval.nullable(),
  /** Share of answered Task-2 choices that picked the positive action. */
  positiveChoiceShare: z.number().nullable(),
  /** Share of rated (scenario, value) pairs whose stated stance is "agree". */
  statedAgreeShare: z.number().nullable(),
  /** Mean normalised stated score (0 strongly agree ... 1 strongly disagree). */
  meanStatedScore: z.number().nullable(),
  meanDistance: z.number().nullable(),
});
export type Headline = z.infer<typeof headlineSchema>;

export const groupKindSchema = z.enum(["country", "topic", "value"]);
export type GroupKind = z.infer<typeof groupKindSchema>;

/** Alignment by one country, topic or value. */
export const groupRowSchema = z.object({
  kind: groupKindSchema,
  name: z.string(),
  alignmentRate: z.number().nullable(),
  meanDistance: z.number().nullable(),
  /** The study's alignment rate (F1 of disagree) of the group. */
  alignmentRateStudy: z.number().nullable().default(null),
  /** Countries and topics: row mean of the study's distance matrix; values: null. */
  meanDistanceStudy: z.number().nullable().default(null),
  comparable: z.number().int().nonnegative(),
  misaligned: z.number().int().nonnegative(),
});
export type GroupRow = z.infer<typeof groupRowSchema>;

/** One cell of a country x value or topic x value matrix. */
export const cellSchema = z.object({
  kind: z.enum(["country", "topic"]),
  row: z.string(),
  value: z.string(),
  /** Mean alignment distance, or mean normalised stated score for the stated matrices. */
  mean: z.number().nullable(),
  n: z.number().int().nonnegative(),
});
export type Cell = z.infer<typeof cellSchema>;

export const rankedValueSchema = z.object({
  kind: z.enum(["country", "topic"]),
  group: z.string(),
  rank: z.number().int().positive(),
  value: z.string(),
  distance: z.number(),
});
export type RankedValue = z.infer<typeof rankedValueSchema>;

export const misalignmentSchema = z.object({
  agreeAgree: z.number().int().nonnegative(),
  agreeDisagree: z.number().int().nonnegative(),
  disagreeAgree: z.number().int().nonnegative(),
  disagreeDisagree: z.number().int().nonnegative(),
  misaligned: z.number().int().nonnegative(),
  comparable: z.number().int().nonnegative(),
  share: z.number(),
});
export type Misalignment = z.infer<typeof misalignmentSchema>;

export const exampleSchema = z.object({
  country: z.string(),
  topic: z.string(),
  value: z.string(),
  /** Mean Task-1 rating (1 strongly agree ... 4 strongly disagree). */
  statedMean: z.number(),
  statedStance: z.enum(["agree", "disagree"]),
  actedStance: z.enum(["agree", "disagree"]),
  negativeShare: z.number(),
  distance: z.number(),
  chosenAction: z.string().nullable(),
  otherAction: z.string().nullable(),
  chosenPolarity: z.enum(["positive", "negative"]),
});
export type Example = z.infer<typeof exampleSchema>;

export const statedValueSchema = z.object({
  value: z.string(),
  /** Mean normalised stated score over scenarios. */
  score: z.number(),
  agreeShare: z.number(),
  scenarios: z.number().int().nonnegative(),
});
export type StatedValue = z.infer<typeof statedValueSchema>;

export const modelSectionSchema = z.object({
  /** Unique label within the report (the model name, suffixed when two runs share it). */
  id: z.string(),
  model: z.string(),
  runDir: z.string(),
  source: z.enum(["live", "import-released", "import-table"]),
  runCreatedAt: z.string(),
  runValensVersion: z.string(),
  task1: taskSummary.nullable(),
  task2: taskSummary.nullable(),
  task1Only: z.boolean(),
  notes: z.array(z.string()),
  headline: headlineSchema,
  /** A sampled run's estimates, measured items and forecast, apart (absent for a full run). */
  sampled: sampledSchema.nullable().optional(),
  groups: z.array(groupRowSchema),
  distance: z.array(cellSchema),
  /** The study's distance cells (cell means over topics or countries first, then |t1 - t2|). */
  distanceStudy: z.array(cellSchema).default([]),
  stated: z.array(cellSchema),
  statedByValue: z.array(statedValueSchema),
  topMisaligned: z.array(rankedValueSchema),
  /** The same by the study's distance. */
  topMisalignedStudy: z.array(rankedValueSchema).default([]),
  misalignment: misalignmentSchema.nullable(),
  examples: z.array(exampleSchema),
  /** Prompt robustness (`valens metrics --json`'s `robustness`); null unless a task has several variants. */
  robustness: robustnessSchema.nullable().optional(),
});
export type ModelSection = z.infer<typeof modelSectionSchema>;

export const reportDataSchema = z.object({
  kind: z.literal("valens-report"),
  formatVersion: z.literal(REPORT_FORMAT_VERSION),
  valensVersion: z.string(),
  createdAt: z.string(),
  title: z.string(),
  options: z.object({
    missing: z.enum(["exclude", "agree"]),
    topK: z.number().int().positive(),
    examples: z.number().int().nonnegative(),
    /** Which distance the heatmaps and rankings show: the study's (default) or the item-level one. */
    distance: distanceKindSchema.default("study"),
    bootstrap: z.object({ resamples: z.number().int().nonnegative(), seed: z.number().int() }),
  }),
  grid: z.object({
    values: z.array(z.object({ name: z.string(), type: z.string() })),
    countries: z.array(z.string()),
    topics: z.array(z.string()),
  }),
  models: z.array(modelSectionSchema).min(1),
  predictor: predictorSectionSchema.nullable(),
  /** Paired tests between the runs (valens compare's JSON), when several runs are given. */
  comparison: comparisonReportSchema.nullable().optional(),
  /** Why there is no comparison although several runs were given (e.g. no shared items). */
  comparisonNote: z.string().nullable().optional(),
});
export type ReportData = z.infer<typeof reportDataSchema>;
