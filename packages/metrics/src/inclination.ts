import { type Catalog, scenarioKey, type Task1Record } from "@valens/core";
import { buildGrid, type Cell, cellMean, type Grid } from "./grid.js";
import { inCatalogOrder } from "./grid-order.js";
import { compareCodeUnits, type ScenarioEntry, sortedUnion } from "./scenario-map.js";
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

/** A (scenario, value) cell with its mean rating. */
export interface StatedCell {
  country: string;
  topic: string;
  value: string;
  mean: number;
}

/** Mean rating per (scenario, value) over variants and samples, sorted by scenario and value. */
export function statedCells(task1: readonly Task1Record[]): StatedCell[] {
  return cellsOf(buildGrid(task1));
}

/** statedCells of a run's grid, already built. */
export function cellsOf(grid: Grid): StatedCell[] {
  const cells: StatedCell[] = [];
  const { scenarios, values } = ratedOrder(grid);
  for (const { country, topic, data } of scenarios) {
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as string;
      const cell = data.get(value);
      if (cell !== undefined && cell.ratings.length > 0)
        cells.push({ country, topic, value, mean: cellMean(cell) });
    }
  }
  return cells;
}

/**
 * The order of statedCells: scenarios sorted by "country|topic", then values, so that sums over
 * cells do not depend on the order of the run's records.
 */
function ratedOrder(grid: Grid): { scenarios: ScenarioEntry<Map<string, Cell>>[]; values: string[] } {
  const keyed = grid.entries().map((entry) => ({ key: scenarioKey(entry), entry }));
  keyed.sort((a, b) => compareCodeUnits(a.key, b.key));
  const scenarios = keyed.map(({ entry }) => entry);
  return { scenarios, values: sortedUnion(scenarios.map((scenario) => scenario.data)) };
}

export function inclinations(task1: readonly Task1Record[], catalog?: Catalog): Inclinations {
  return inclinationsOf(buildGrid(task1), catalog);
}

/** Running totals of a group of cells. */
interface Tally {
  sum: number;
  agree: number;
  cells: number;
}

const emptyTally = (): Tally => ({ sum: 0, agree: 0, cells: 0 });

/** inclinations of a run's grid, already built. */
export function inclinationsOf(grid: Grid, catalog?: Catalog): Inclinations {
  // One walk over the cells, in statedCells order, tallies every group (no cell objects).
  const overall = emptyTally();
  const byValue = new Map<string, Tally>();
  const byCountry = new Map<string, Tally>();
  const byTopic = new Map<string, Tally>();
  const { scenarios, values } = ratedOrder(grid);
  for (const scenario of scenarios) {
    // Looked up at the scenario's first rated cell: a group exists only if it has cells.
    let countryTally: Tally | undefined;
    let topicTally: Tally | undefined;
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as string;
      const cell = scenario.data.get(value);
      if (cell === undefined || cell.ratings.length === 0) continue;
      const mean = cellMean(cell);
      const agree = statedStance(mean) === "agree";
      countryTally ??= tallyOf(byCountry, scenario.country);
      topicTally ??= tallyOf(byTopic, scenario.topic);
      add(overall, mean, agree);
      add(tallyOf(byValue, value), mean, agree);
      add(countryTally, mean, agree);
      add(topicTally, mean, agree);
    }
  }
  const by = (groups: Map<string, Tally>, kind: "country" | "topic" | "value") => {
    const out: Record<string, InclinationStats> = {};
    for (const name of inCatalogOrder(groups.keys(), kind, catalog))
      out[name] = stats(groups.get(name) as Tally);
    return out;
  };
  return {
    overall: overall.cells > 0 ? stats(overall) : null,
    byValue: by(byValue, "value"),
    byCountry: by(byCountry, "country"),
    byTopic: by(byTopic, "topic"),
  };
}

function tallyOf(groups: Map<string, Tally>, name: string): Tally {
  let tally = groups.get(name);
  if (tally === undefined) {
    tally = emptyTally();
    groups.set(name, tally);
  }
  return tally;
}

function add(tally: Tally, mean: number, agree: boolean): void {
  tally.sum += mean;
  if (agree) tally.agree++;
  tally.cells++;
}

function stats(tally: Tally): InclinationStats {
  const meanRating = tally.sum / tally.cells;
  return {
    meanRating,
    score: normalisedScore(meanRating),
    agreeShare: tally.agree / tally.cells,
    cells: tally.cells,
  };
}
