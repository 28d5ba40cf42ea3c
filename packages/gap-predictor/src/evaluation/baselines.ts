import { z } from "zod";
import type { ChoiceExample, Example, GapExample, Task } from "../data/examples.js";
import { numericNamesFor, othersShare } from "../data/features.js";
import { buildLinearSpec } from "../data/linear.js";
import {
  fitStanceFlipLinearTuned,
  gapProbabilitiesLinear,
  stanceFlip,
  stanceFlipLinearSchema,
} from "../model/stance-flip-linear.js";
import { fitPlatt, sigmoid } from "../train/calibration.js";
import { type BinaryMetrics, bestF1Threshold, binaryMetrics } from "./metrics.js";

const countSchema = z.object({ positives: z.number().nonnegative(), n: z.number().nonnegative() });
type Count = z.infer<typeof countSchema>;

/** Stated-mean bucket edges (ratings 1..4): strong agree, agree, disagree, strong disagree. */
const STATED_BUCKET_EDGES = [1.75, 2.5, 3.25] as const;
/** Pseudo-counts pulling a sparse group's rate toward its parent rate. */
const PRIOR_STRENGTH = 5;

/** Everything the baselines learned from the training items; saved so evaluation can reuse it. */
export const baselineParamsSchema = z.discriminatedUnion("task", [
  z.object({
    task: z.literal("choice"),
    prevalence: z.number(),
    byPolarity: z.record(z.string(), countSchema),
    thresholds: z.record(z.string(), z.number()),
  }),
  z.object({
    task: z.literal("gap"),
    prevalence: z.number(),
    stated: z.object({ a: z.number(), b: z.number() }),
    byValue: z.record(z.string(), countSchema),
    byValueBucket: z.record(z.string(), countSchema),
    /** Stance-flip logistic regressions: tabular features, and the same with bag-of-words text. */
    linear: z.object({ tabular: stanceFlipLinearSchema, text: stanceFlipLinearSchema }).optional(),
    /** The other-models rule; present when the training runs hold several models. */
    otherModels: z.object({ models: z.number().int() }).optional(),
    thresholds: z.record(z.string(), z.number()),
  }),
]);
export type BaselineParams = z.infer<typeof baselineParamsSchema>;

export const BASELINE_NAMES = {
  choice: ["polarity-rule", "majority-class"],
  gap: [
    "stated-score",
    "value-prior",
    "value-stated-bucket-prior",
    "stance-flip-lr",
    "stance-flip-lr-text",
    "other-models",
  ],
} as const;

/** Hashed-text size of the bag-of-words baseline (per action). */
const BASELINE_TEXT_BUCKETS = 1 << 14;

/** Whether a baseline was fitted (older cards, and single-model training, lack some). */
function hasBaseline(params: BaselineParams, name: string): boolean {
  if (params.task === "choice") return true;
  if (name === "stance-flip-lr" || name === "stance-flip-lr-text") return params.linear !== undefined;
  if (name === "other-models") return params.otherModels !== undefined;
  return true;
}

function statedBucket(mean: number | null): string {
  if (mean === null) return "missing";
  const index = STATED_BUCKET_EDGES.findIndex((edge) => mean < edge);
  return String(index === -1 ? STATED_BUCKET_EDGES.length : index);
}

const rate = (count: Count | undefined, parent: number): number =>
  count ? (count.positives + PRIOR_STRENGTH * parent) / (count.n + PRIOR_STRENGTH) : parent;

function add(map: Record<string, Count>, key: string, label: number): void {
  const entry = map[key] ?? { positives: 0, n: 0 };
  entry.positives += label;
  entry.n += 1;
  map[key] = entry;
}

const statedInput = (e: GapExample): number | null =>
  e.stated.mean === null ? null : (e.stated.mean - 1) / 3;

function scoreWith(params: BaselineParams, name: string, example: Example): number {
  if (params.task === "choice") {
    const e = example as ChoiceExample;
    if (name === "polarity-rule") return rate(params.byPolarity[e.polarity], params.prevalence);
    return params.prevalence;
  }
  const e = example as GapExample;
  if (name === "other-models") {
    // How often the other models chose the positive action, turned into a gap probability by
    // this model's stated stance; with no other model's answer, the training prevalence.
    if (e.others === null || e.others.n === 0 || e.stated.mean === null) return params.prevalence;
    return stanceFlip([e], [othersShare(e.others)])[0] as number;
  }
  if (name === "stance-flip-lr" || name === "stance-flip-lr-text") {
    const model = name === "stance-flip-lr" ? params.linear?.tabular : params.linear?.text;
    return model ? (gapProbabilitiesLinear(model, [e])[0] as number) : params.prevalence;
  }
  if (name === "stated-score") {
    const x = statedInput(e);
    return x === null ? params.prevalence : sigmoid(params.stated.a * x + params.stated.b);
  }
  const valueRate = rate(params.byValue[e.value], params.prevalence);
  if (name === "value-prior") return valueRate;
  return rate(params.byValueBucket[`${e.value}|${statedBucket(e.stated.mean)}`], valueRate);
}

/**
 * Fits every baseline of the task on the training items (and picks each F1 threshold there).
 * The regressions pick their penalty on `validation`, a split of the training items.
 */
export function fitBaselines(
  task: Task,
  train: readonly Example[],
  split?: { fit: readonly Example[]; validation: readonly Example[] },
): BaselineParams {
  const labels = train.map((e) => e.label ?? 0);
  const prevalence = labels.length === 0 ? 0 : labels.reduce<number>((s, v) => s + v, 0) / labels.length;
  let params: BaselineParams;
  if (task === "choice") {
    const byPolarity: Record<string, Count> = {};
    train.forEach((e, i) => {
      add(byPolarity, (e as ChoiceExample).polarity, labels[i] as number);
    });
    params = { task, prevalence, byPolarity, thresholds: {} };
  } else {
    const gap = train as readonly GapExample[];
    const withStated = gap
      .map((e, i) => [statedInput(e), labels[i] as number] as const)
      .filter(([x]) => x !== null);
    // The stated score as a probability: logistic regression on the one input (monotone, so
    // ranking metrics equal those of the raw score, and the direction is learned, not assumed).
    const stated = fitPlatt(
      withStated.map(([x]) => x as number),
      withStated.map(([, y]) => y),
    );
    const byValue: Record<string, Count> = {};
    const byValueBucket: Record<string, Count> = {};
    gap.forEach((e, i) => {
      add(byValue, e.value, labels[i] as number);
      add(byValueBucket, `${e.value}|${statedBucket(e.stated.mean)}`, labels[i] as number);
    });
    const fit = (split?.fit ?? train) as readonly GapExample[];
    const validation = (split?.validation ?? []) as readonly GapExample[];
    const tabular = buildLinearSpec(gap, numericNamesFor("gap"), { text: null });
    const withText = buildLinearSpec(gap, numericNamesFor("gap"), {
      text: { buckets: BASELINE_TEXT_BUCKETS, parts: ["action", "attributions", "explanation"] },
    });
    const models = new Set(gap.map((e) => e.model)).size;
    params = {
      task,
      prevalence,
      stated: { a: stated.a, b: stated.b },
      byValue,
      byValueBucket,
      linear: {
        // Fitted on the fit split at the validation-chosen penalty (no refit: half the time).
        tabular: fitStanceFlipLinearTuned(fit, validation, tabular, undefined, false).model,
        text: fitStanceFlipLinearTuned(fit, validation, withText, undefined, false).model,
      },
      ...(models > 1 ? { otherModels: { models } } : {}),
      thresholds: {},
    };
  }
  for (const name of BASELINE_NAMES[task]) {
    if (!hasBaseline(params, name)) continue;
    const scores = baselineScores(params, name, train);
    params.thresholds[name] =
      task === "choice" && name === "majority-class"
        ? prevalence >= 0.5
          ? 0
          : 1.01
        : bestF1Threshold(scores, labels);
  }
  // The polarity rule is "chosen iff positive": its threshold sits between the two rates.
  if (params.task === "choice") {
    const pos = rate(params.byPolarity.positive, prevalence);
    const neg = rate(params.byPolarity.negative, prevalence);
    params.thresholds["polarity-rule"] = pos > neg ? (pos + neg) / 2 : Math.max(pos, neg) + 1e-9;
  }
  return params;
}

export function baselineScores(
  params: BaselineParams,
  name: string,
  examples: readonly Example[],
): Float64Array {
  // The regressions encode all rows at once (one pass, not one per example).
  if (
    params.task === "gap" &&
    params.linear &&
    (name === "stance-flip-lr" || name === "stance-flip-lr-text")
  ) {
    const model = name === "stance-flip-lr" ? params.linear.tabular : params.linear.text;
    return gapProbabilitiesLinear(model, examples as readonly GapExample[]);
  }
  return Float64Array.from(examples, (e) => scoreWith(params, name, e));
}

/** The baselines the params hold, in report order. */
export function baselineNamesOf(params: BaselineParams): string[] {
  return BASELINE_NAMES[params.task].filter((name) => hasBaseline(params, name));
}

/** Metrics of each baseline on labelled examples. */
export function evaluateBaselines(
  params: BaselineParams,
  examples: readonly Example[],
): Record<string, BinaryMetrics> {
  const labels = examples.map((e) => e.label ?? 0);
  const out: Record<string, BinaryMetrics> = {};
  for (const name of BASELINE_NAMES[params.task]) {
    if (!hasBaseline(params, name)) continue;
    out[name] = binaryMetrics(baselineScores(params, name, examples), labels, params.thresholds[name] ?? 0.5);
  }
  return out;
}
