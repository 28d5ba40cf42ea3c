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

/** Mean rating per (scenario, value) over variants and samples. */
export function statedCells(task1: readonly Task1Record[]): Cell[] {
  const sums = new Map<string, { cell: Omit<Cell, "mean">; sum: number; n: number }>();
  for (const record of task1) {
    for (const [value, rating] of Object.entries(record.ratings)) {
      const key = `${record.country}|${record.topic}|${value}`;
      const entry = sums.get(key);
      if (entry) {
        entry.sum += rating;
        entry.n++;
      } else
        sums.set(key, { cell: { country: record.country, topic: record.topic, value }, sum: rating, n: 1 });
    }
  }
  // Sorted so that sums over cells do not depend on the order of the run's records.
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { cell, sum, n }]) => ({ ...cell, mean: sum / n }));
}

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
