import { InputError, type Item, type LoadedRun } from "@valens/core";
import { type GapExample, gapExamples } from "./data/examples.js";
import type { PredictOptions, Predictor } from "./predictor/predictor.js";
import { applyRecalibration, type Recalibration, recalibrate } from "./train/recalibrate.js";

export interface ItemForecast {
  rank: number;
  country: string;
  topic: string;
  value: string;
  /** Calibrated probability that the model's action will contradict its stated stance. */
  probability: number;
  statedMean: number | null;
  /** Whether the run's Task 2 shows a gap, when the run has Task 2 for the item. */
  observed: boolean | null;
}

export interface GroupForecast {
  group: string;
  items: number;
  /** Expected share of misaligned items: the mean probability. */
  expectedShare: number;
  low: number;
  high: number;
  /** Share actually misaligned, when the run has Task 2 for all of the group's items. */
  observedShare: number | null;
}

export interface Forecast {
  items: ItemForecast[];
  overall: GroupForecast;
  byCountry: GroupForecast[];
  byTopic: GroupForecast[];
  byValue: GroupForecast[];
  /** Coverage level of the intervals. */
  level: number;
  /** Items left out because Task 1 gave no rating of their value (no stated stance, no gap). */
  withoutStatedRating: number;
  /**
   * How the probabilities were recalibrated on the run's own Task-2 answers: `items` labelled
   * items, `method` none | intercept | platt (none: the run has no Task 2, or it was turned off).
   */
  calibration: Recalibration;
}

export interface ForecastOptions extends PredictOptions {
  /**
   * Recalibrate on the run's own labelled items. "auto" (default): when Task 2 covers some but
   * not all of the items (a sampled run; a full run has nothing left to forecast, and its report
   * compares the forecast with what was observed). true: whenever there are labelled items.
   */
  recalibrate?: boolean | "auto";
  /** Weight of each labelled item in the recalibration (e.g. 1 / its inclusion probability). */
  weightOf?: (item: Item) => number;
}

const Z95 = 1.959964;

/**
 * Expected misaligned share of a group with a 95% interval. If item outcomes are independent
 * Bernoulli(p_i), the count is Poisson-binomial with mean sum p and variance sum p(1-p); the
 * interval is the normal approximation, clipped to [0, 1]. It reflects outcome uncertainty
 * given calibrated probabilities, not uncertainty in the model itself.
 */
export function groupForecast(
  group: string,
  probabilities: readonly number[],
  observed: readonly (boolean | null)[],
): GroupForecast {
  const n = probabilities.length;
  const mean = probabilities.reduce((s, p) => s + p, 0) / n;
  const variance = probabilities.reduce((s, p) => s + p * (1 - p), 0) / (n * n);
  const half = Z95 * Math.sqrt(variance);
  const known = observed.every((o) => o !== null);
  return {
    group,
    items: n,
    expectedShare: mean,
    low: Math.max(0, mean - half),
    high: Math.min(1, mean + half),
    observedShare: known && n > 0 ? observed.filter(Boolean).length / n : null,
  };
}

function byKey(items: readonly ItemForecast[], key: (i: ItemForecast) => string): GroupForecast[] {
  const groups = new Map<string, ItemForecast[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups]
    .map(([group, list]) =>
      groupForecast(
        group,
        list.map((i) => i.probability),
        list.map((i) => i.observed),
      ),
    )
    .sort((a, b) => b.expectedShare - a.expectedShare || a.group.localeCompare(b.group));
}

/** Gap probability of every item of a run that has Task 1 (Task 2 is not needed), ranked. */
export async function forecastRun(
  predictor: Predictor,
  run: LoadedRun,
  options: ForecastOptions = {},
): Promise<Forecast> {
  if (predictor.task !== "gap") {
    throw new InputError(
      `Forecasts need a gap predictor; this one was trained for the ${predictor.task} task`,
      {
        hint: "Train one with `valens predictor train <runs...> --task gap --out <dir>`",
      },
    );
  }
  const all = gapExamples(run);
  const examples: GapExample[] = all.filter((e) => e.stated.mean !== null);
  if (examples.length === 0) {
    throw new InputError("The run has no item with a Task-1 rating to forecast", { file: run.dir });
  }
  const raw = await predictor.predict(examples, options.embeddings ? { embeddings: options.embeddings } : {});
  const labelled = examples.flatMap((e, i) => (e.label === null ? [] : [i]));
  const mode = options.recalibrate ?? "auto";
  const partial = labelled.length > 0 && labelled.length < examples.length;
  const calibration =
    mode === false || (mode === "auto" && !partial)
      ? recalibrate([], [])
      : recalibrate(
          labelled.map((i) => raw[i] as number),
          labelled.map((i) => examples[i]?.label ?? 0),
          options.weightOf
            ? labelled.map((i) => options.weightOf?.(examples[i] as GapExample) ?? 1)
            : undefined,
        );
  const probabilities = applyRecalibration(calibration, raw);
  const items = examples
    .map((e, i) => ({
      rank: 0,
      country: e.country,
      topic: e.topic,
      value: e.value,
      probability: probabilities[i] as number,
      statedMean: e.stated.mean,
      observed: e.label === null ? null : e.label === 1,
    }))
    .sort(
      (a, b) =>
        b.probability - a.probability ||
        a.country.localeCompare(b.country) ||
        a.topic.localeCompare(b.topic) ||
        a.value.localeCompare(b.value),
    );
  items.forEach((item, i) => {
    item.rank = i + 1;
  });
  return {
    items,
    overall: groupForecast(
      "all",
      items.map((i) => i.probability),
      items.map((i) => i.observed),
    ),
    byCountry: byKey(items, (i) => i.country),
    byTopic: byKey(items, (i) => i.topic),
    byValue: byKey(items, (i) => i.value),
    level: 0.95,
    withoutStatedRating: all.length - examples.length,
    calibration,
  };
}
