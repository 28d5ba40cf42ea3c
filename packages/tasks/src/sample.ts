import { InputError, itemKey, type Task1Record } from "@valens/core";
import {
  DEFAULT_RISK_FLOOR,
  drawPoisson,
  inclusionProbabilities,
  itemAlignments,
  permanentRandomNumber,
  type SampleDesign,
  type SampleRecord,
} from "@valens/metrics";
import type { EvalPlan } from "./plan.js";

export interface Task2SampleInput {
  plan: EvalPlan;
  /** Task 1 of the run, already answered: it decides which items have a stated stance. */
  task1: readonly Task1Record[];
  design: SampleDesign;
  /** Expected number of items to draw. */
  budget: number;
  seed: number;
  /** Risk design: the weight share spread evenly (default 0.2). */
  floor?: number;
  /** The guide's gap probability by item key ("country|topic|value"); required by the risk design. */
  forecast?: ReadonlyMap<string, number>;
}

/** The plan's items that have a stated stance after Task 1: the grid a sample is drawn from. */
export function sampleGrid(plan: EvalPlan, task1: readonly Task1Record[]) {
  const planned = new Set(plan.items.map(itemKey));
  return itemAlignments({ actions: plan.actions, task1, task2: [] }).filter(
    (i) => i.statedStance !== null && planned.has(itemKey(i)),
  );
}

/**
 * Draws the Task-2 sample: each item's inclusion probability from the design, drawn when its
 * permanent random number (seed, item) is below it. The same seed and a larger budget draw a
 * superset, so a re-run buys only the new items.
 */
export function drawTask2Sample(input: Task2SampleInput): SampleRecord[] {
  const grid = sampleGrid(input.plan, input.task1);
  if (grid.length === 0)
    throw new InputError("No item has a Task-1 rating, so there is nothing to sample Task 2 from", {
      hint: "Check the run's Task-1 answers (valens metrics <run>); Task 1 must rate the items' values",
    });
  const keys = grid.map(itemKey);
  let forecasts: number[] | undefined;
  if (input.forecast) {
    const forecast = input.forecast;
    forecasts = keys.map((key) => {
      const p = forecast.get(key);
      if (p === undefined) throw new InputError(`The guide gave no forecast for item ${key}`);
      return p;
    });
  }
  const pis = inclusionProbabilities({
    design: input.design,
    items: grid.length,
    budget: Math.min(input.budget, grid.length),
    ...(forecasts ? { forecasts } : {}),
    floor: input.floor ?? DEFAULT_RISK_FLOOR,
  });
  const prns = keys.map((key) => permanentRandomNumber(input.seed, key));
  const drawn = drawPoisson(pis, prns);
  return grid.map((item, i) => ({
    country: item.country,
    topic: item.topic,
    value: item.value,
    statedStance: item.statedStance as "agree" | "disagree",
    forecast: forecasts ? (forecasts[i] as number) : null,
    inclusion: pis[i] as number,
    prn: prns[i] as number,
    drawn: drawn[i] as boolean,
  }));
}

/** The plan with only its Task-1 jobs. */
export function task1Part(plan: EvalPlan): EvalPlan {
  return { ...plan, jobs: plan.jobs.filter((job) => job.meta.task === 1) };
}

/** The plan with only the Task-2 jobs of the drawn items. */
export function task2PartFor(plan: EvalPlan, sample: readonly SampleRecord[]): EvalPlan {
  const drawn = new Set(sample.filter((r) => r.drawn).map(itemKey));
  return { ...plan, jobs: plan.jobs.filter((job) => job.meta.task === 2 && drawn.has(itemKey(job.meta))) };
}
