import { InputError } from "@valens/core";
import { z } from "zod";

export const sampleDesignSchema = z.enum(["uniform", "risk"]);
/** uniform: every item equally likely; risk: more likely where the guide's forecast is least sure. */
export type SampleDesign = z.infer<typeof sampleDesignSchema>;

/** Share of each item's weight spread evenly in the risk design, so every item can be drawn. */
export const DEFAULT_RISK_FLOOR = 0.2;
/** Forecasts are clipped to this range before they set a weight (a forecast of 0 is never sure). */
const FORECAST_CLIP = 0.01;
/** Fewest expected sampled items for a normal-approximation interval. */
export const MIN_SAMPLE_ITEMS = 30;

export interface DesignOptions {
  design: SampleDesign;
  /** Items in the grid. */
  items: number;
  /** Expected number of items drawn (Poisson sampling: the realised count varies around it). */
  budget: number;
  /** The guide's gap probability per item; required by the risk design. */
  forecasts?: readonly number[];
  /** Risk design: the weight share spread evenly (default 0.2). */
  floor?: number;
}

/**
 * Risk weight of an item: the standard deviation of its outcome if the forecast were right,
 * sqrt(p(1-p)). Sampling in proportion to it is the variance-minimising allocation for a
 * difference estimator (Neyman allocation on the residual), the active-testing choice.
 */
export function riskWeight(forecast: number): number {
  const p = Math.min(1 - FORECAST_CLIP, Math.max(FORECAST_CLIP, forecast));
  return Math.sqrt(p * (1 - p));
}

/**
 * Inclusion probabilities pi_i = min(1, lambda * w_i) with lambda set so they sum to the budget.
 * lambda grows with the budget, so every pi_i does too: with permanent random numbers a larger
 * budget extends the sample. Risk weights mix the forecast's weight with a uniform floor.
 */
export function inclusionProbabilities(options: DesignOptions): number[] {
  return probabilitiesFor(weightsOf(options), options.budget);
}

function weightsOf(options: DesignOptions): number[] {
  if (options.design === "uniform") return new Array<number>(options.items).fill(1);
  if (options.forecasts?.length !== options.items)
    throw new InputError("The risk design needs the guide's forecast for every item", {
      hint: "Pass --guide <predictor-dir>, or use --design uniform",
    });
  const floor = options.floor ?? DEFAULT_RISK_FLOOR;
  if (!(floor > 0 && floor <= 1)) throw new InputError(`The risk floor must be in (0, 1], not ${floor}`);
  const raw = (options.forecasts ?? []).map(riskWeight);
  const mean = raw.reduce((s, w) => s + w, 0) / raw.length;
  return raw.map((w) => floor + (1 - floor) * (w / mean));
}

/** Water-filling: cap the largest weights at probability 1 and share the rest of the budget. */
export function probabilitiesFor(weights: readonly number[], budget: number): number[] {
  const n = weights.length;
  if (!(budget > 0 && budget <= n)) throw new Error(`budget ${budget} outside (0, ${n}]`);
  if (budget === n) return new Array<number>(n).fill(1);
  const order = weights.map((_, i) => i).sort((a, b) => (weights[b] as number) - (weights[a] as number));
  let capped = 0;
  let rest = weights.reduce((s, w) => s + w, 0);
  // The k largest are certain while lambda * w would exceed 1 for them.
  for (;;) {
    const lambda = (budget - capped) / rest;
    const next = order[capped];
    if (next === undefined || lambda * (weights[next] as number) < 1) {
      const out = new Array<number>(n);
      for (let k = 0; k < n; k++) {
        const i = order[k] as number;
        out[i] = k < capped ? 1 : lambda * (weights[i] as number);
      }
      return out;
    }
    rest -= weights[next] as number;
    capped++;
  }
}

/** Poisson sampling: item i is drawn when its permanent random number is below pi_i. */
export function drawPoisson(probabilities: readonly number[], randoms: readonly number[]): boolean[] {
  return probabilities.map((p, i) => (randoms[i] as number) < p);
}

/**
 * A Task-2 budget: a whole number of items or a percentage of the grid ("10%"), checked against
 * the grid. One line each when it cannot give an interval or exceeds the grid.
 */
export function parseBudget(spec: string, gridItems: number, flag = "--task2-budget"): number {
  const text = spec.trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  let budget: number;
  if (percent) budget = (Number(percent[1]) / 100) * gridItems;
  else if (/^\d+$/.test(text)) budget = Number(text);
  else
    throw new InputError(`${flag} "${spec}" is neither a number of items nor a percentage`, {
      hint: `Use e.g. ${flag} 500 or ${flag} 10%`,
    });
  if (budget > gridItems)
    throw new InputError(
      `${flag} ${spec} is larger than the grid (${gridItems} items with a Task-1 rating)`,
      { hint: `Use at most ${gridItems} (or 100%), or drop ${flag} to run Task 2 on every item` },
    );
  if (budget < MIN_SAMPLE_ITEMS)
    throw new InputError(
      `${flag} ${spec} gives ${budget.toFixed(1)} expected items, fewer than the ${MIN_SAMPLE_ITEMS} an interval needs`,
      {
        hint: `Use at least ${MIN_SAMPLE_ITEMS} items (${((100 * MIN_SAMPLE_ITEMS) / gridItems).toFixed(1)}% of this grid)`,
      },
    );
  return budget;
}
