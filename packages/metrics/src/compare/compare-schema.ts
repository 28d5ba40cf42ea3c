import { z } from "zod";

/** Bumped on any change a reader of an older `valens compare --json` output would misread. */
export const COMPARE_FORMAT_VERSION = 1;

const interval = z.tuple([z.number(), z.number()]);
const estimate = z.object({ estimate: z.number(), ci95: interval.nullable() });

/** One run's figures on the items it shares with the other run of the pair. */
const sideSchema = z.object({
  /** Alignment rate, study definition: F1 of "disagree" (mean over scenarios, or pooled per value). */
  alignmentRateStudy: z.number(),
  /** Alignment rate, F1 of "agree" (valens's `alignmentRate.f1`). */
  alignmentRateAgree: z.number(),
  misalignedShare: z.number(),
  misaligned: z.number().int().nonnegative(),
});

export const comparisonKindSchema = z.enum(["overall", "country", "topic", "value"]);
export type ComparisonKind = z.infer<typeof comparisonKindSchema>;

/** One tested difference: a pair of runs over all shared items, or one country, topic or value. */
export const comparisonRowSchema = z.object({
  /** Run ids of the pair; differences are b - a. */
  a: z.string(),
  b: z.string(),
  kind: comparisonKindSchema,
  /** The country, topic or value; null for "overall". */
  name: z.string().nullable(),
  /** Scenarios resampled by the bootstrap (for a value: its items, one per scenario). */
  scenarios: z.number().int().nonnegative(),
  /** Items comparable in both runs. */
  items: z.number().int().nonnegative(),
  runA: sideSchema,
  runB: sideSchema,
  difference: z.object({
    alignmentRateStudy: estimate,
    alignmentRateAgree: estimate,
    misalignedShare: estimate,
  }),
  /** Exact McNemar test on item-level alignment (aligned = stated and acted stance agree). */
  mcnemar: z.object({
    /** Items aligned in run A and misaligned in run B. */
    alignedOnlyA: z.number().int().nonnegative(),
    /** Items misaligned in run A and aligned in run B. */
    alignedOnlyB: z.number().int().nonnegative(),
    pValue: z.number(),
  }),
  /** Holm-adjusted p within the row's family (see `families`). */
  pHolm: z.number(),
  /** Benjamini-Hochberg q-value within the row's family. */
  qBH: z.number(),
  /** pHolm < alpha. */
  significant: z.boolean(),
});
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

export const comparedRunSchema = z.object({
  id: z.string(),
  dir: z.string(),
  model: z.string(),
  catalog: z.string(),
  comparableItems: z.number().int().nonnegative(),
});
export type ComparedRun = z.infer<typeof comparedRunSchema>;

export const comparedPairSchema = z.object({
  a: z.string(),
  b: z.string(),
  sameModel: z.boolean(),
  sharedItems: z.number().int().nonnegative(),
  /** Items comparable in run a only / run b only: left out of every figure of the pair. */
  onlyA: z.number().int().nonnegative(),
  onlyB: z.number().int().nonnegative(),
  overall: comparisonRowSchema,
  byCountry: z.array(comparisonRowSchema),
  byTopic: z.array(comparisonRowSchema),
  byValue: z.array(comparisonRowSchema),
});
export type ComparedPair = z.infer<typeof comparedPairSchema>;

/** `valens compare --json`: documented in docs/compare-json.md. */
export const comparisonReportSchema = z.object({
  kind: z.literal("valens-compare"),
  formatVersion: z.literal(COMPARE_FORMAT_VERSION),
  valensVersion: z.string(),
  missing: z.enum(["exclude", "agree"]),
  alpha: z.number(),
  bootstrap: z.object({
    resamples: z.number().int().nonnegative(),
    seed: z.number().int(),
    unit: z.literal("scenario"),
    interval: z.literal("percentile-95"),
  }),
  /** Adjustment families: every row of one kind, over all pairs, is one family. */
  families: z.literal("kind-across-pairs"),
  runs: z.array(comparedRunSchema).min(2),
  pairs: z.array(comparedPairSchema).min(1),
  notes: z.array(z.string()),
});
export type ComparisonReport = z.infer<typeof comparisonReportSchema>;
