import type { Item, Task1Record, Task2Record } from "@valens/core";
import { ScenarioMap } from "./scenario-map.js";

/** What a run says about one (scenario, value) cell. */
export interface Cell {
  /** Parsed Task-1 ratings of the value in the scenario, over variants and samples, in record order. */
  ratings: number[];
  /** Running sum of `ratings`, added in list order as a mean over the list would add them. */
  sum: number;
  /** The cell is an item of the run: an action or a Task-2 record names it. */
  isItem: boolean;
  /** Task-2 answers that named an option. */
  answered: number;
  /** Of those, answers that picked the negative action. */
  negative: number;
}

/**
 * Every cell of a run by scenario, then value. The item join and the stated inclinations both
 * read it, so computeMetrics builds it once, in one pass over each kind of record.
 */
export type Grid = ScenarioMap<Map<string, Cell>>;

const newValueMap = (): Map<string, Cell> => new Map();

/** A grid of the Task-1 ratings, and of the actions and Task-2 answers when given. */
export function buildGrid(
  task1: readonly Task1Record[],
  choices?: { actions: readonly Item[]; task2: readonly Task2Record[] },
): Grid {
  const grid: Grid = new ScenarioMap();
  for (const record of task1)
    addRatings(grid.upsert(record.country, record.topic, newValueMap), record.ratings);
  if (choices === undefined) return grid;
  const { actions, task2 } = choices;
  // Indexed loops over long arrays here and in the measures: until V8 optimises a loop, for-of
  // allocates an iterator result per element, and computeMetrics mostly runs cold.
  for (let i = 0; i < actions.length; i++) {
    const action = actions[i] as Item;
    // An item's actions (one per polarity) usually come one after the other: skip the repeat.
    const previous = actions[i - 1];
    if (previous === undefined || !sameItem(previous, action)) itemCell(grid, action);
  }
  for (let i = 0; i < task2.length; i++) {
    const record = task2[i] as Task2Record;
    const cell = itemCell(grid, record);
    if (record.chosen === null) continue;
    cell.answered++;
    if (record.chosen === "negative") cell.negative++;
  }
  return grid;
}

/** Mean rating of a rated cell, equal to a mean over its list. */
export const cellMean = (cell: Cell): number => cell.sum / cell.ratings.length;

const newCell = (): Cell => ({ ratings: [], sum: 0, isItem: false, answered: 0, negative: 0 });

/** One answer's ratings into its scenario's cells (a small function: V8 optimises it quickly). */
function addRatings(byValue: Map<string, Cell>, rated: Readonly<Record<string, number>>): void {
  // Object.keys, not for-in: parsed rating records are dictionary-mode objects, on which for-in
  // re-checks every key while Object.keys lists them once.
  const values = Object.keys(rated);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    const rating = rated[value] as number;
    let cell = byValue.get(value);
    if (cell === undefined) {
      cell = newCell();
      byValue.set(value, cell);
    }
    cell.ratings.push(rating);
    cell.sum += rating;
  }
}

function itemCell(grid: Grid, item: Item): Cell {
  const byValue = grid.upsert(item.country, item.topic, newValueMap);
  let cell = byValue.get(item.value);
  if (cell === undefined) {
    cell = newCell();
    byValue.set(item.value, cell);
  }
  cell.isItem = true;
  return cell;
}

const sameItem = (a: Item, b: Item): boolean =>
  a.value === b.value && a.topic === b.topic && a.country === b.country;
