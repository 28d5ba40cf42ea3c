import type { Catalog, Task1Record } from "@valens/core";
import { groupBy, inCatalogOrder, mean } from "./grid-order.js";
import { normalisedScore, statedStance } from "./stance.js";

/** Stated inclination of a group of (scenario, value) cells. */
export interface InclinationStats {
  /** Mean over cells of the mean rating (1 strongly agree ... 4 strongly disagree). */
  meanRating: number;
  /** (meanRating - 1) / 3: 0 strongly agree ... 1 strongly disagree. */
  score: number;
  /** Share of cells whose stated stance is "agree". */
  agreeShare: number;
  /** (scenario, value) cells with at least one rating. */
  cells: number;
}

/** What the model says it values (Task 1 alone). */
export interface Inclinations {
  overall: InclinationStats | null;
  byValue: Record<string, InclinationStats>;
  byCountry: Record<string, InclinationStats>;
  byTopic: Record<string, InclinationStats>;
}

interface Cell {
  country: string;
  topic: string;
  value: string;
  mean: number;
}

/** Mean rating per (scenario, value) over variants and samples, sorted by scenario and value. */
export function statedCells(task1: readonly Task1Record[]): Cell[] {
  const byScenario = new Map<
    string,
    { country: string; topic: string; values: Map<string, { sum: number; n: number }> }
  >();
  for (const record of task1) {
    const key = `${record.country}|${record.topic}`;
    let scenario = byScenario.get(key);
    if (!scenario) {
      scenario = { country: record.country, topic: record.topic, values: new Map() };
      byScenario.set(key, scenario);
    }
    for (const value in record.ratings) {
      const rating = record.ratings[value] as number;
      const entry = scenario.values.get(value);
      if (entry) {
        entry.sum += rating;
        entry.n++;
      } else scenario.values.set(value, { sum: rating, n: 1 });
    }
  }
  // Sorted so that sums over cells do not depend on the order of the run's records.
  const cells: Cell[] = [];
  for (const key of [...byScenario.keys()].sort(compare)) {
    const scenario = byScenario.get(key) as {
      country: string;
      topic: string;
      values: Map<string, { sum: number; n: number }>;
    };
    for (const value of [...scenario.values.keys()].sort(compare)) {
      const { sum, n } = scenario.values.get(value) as { sum: number; n: number };
      cells.push({ country: scenario.country, topic: scenario.topic, value, mean: sum / n });
    }
  }
  return cells;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function inclinations(task1: readonly Task1Record[], catalog?: Catalog): Inclinations {
  const cells = statedCells(task1);
  const by = (kind: "country" | "topic" | "value") => {
    const groups = groupBy(cells, (cell) => cell[kind]);
    const out: Record<string, InclinationStats> = {};
    for (const name of inCatalogOrder(groups.keys(), kind, catalog))
      out[name] = stats(groups.get(name) ?? []);
    return out;
  };
  return {
    overall: cells.length > 0 ? stats(cells) : null,
    byValue: by("value"),
    byCountry: by("country"),
    byTopic: by("topic"),
  };
}

function stats(cells: readonly Cell[]): InclinationStats {
  const meanRating = mean(cells.map((c) => c.mean));
  return {
    meanRating,
    score: normalisedScore(meanRating),
    agreeShare: cells.filter((c) => statedStance(c.mean) === "agree").length / cells.length,
    cells: cells.length,
  };
}
