import type { Catalog } from "@valens/core";
import { inCatalogOrder, mean } from "./grid-order.js";
import type { ItemAlignment } from "./item-alignment.js";

/** Mean alignment distance per (row, value): countries x values or topics x values. */
export interface DistanceMatrix {
  /** Countries or topics, catalog order. */
  rows: string[];
  /** Values, catalog order. */
  columns: string[];
  /** cells[r][c]: mean distance of the comparable items of that row and value; null when none. */
  cells: (number | null)[][];
  /** Comparable items behind each cell. */
  counts: number[][];
}

export interface DistanceSummary {
  /** Mean distance over all comparable items. */
  overall: number;
  /** Row means of the country x value matrix: ranks countries (largest gap first when sorted). */
  byCountry: Record<string, number>;
  /** Row means of the topic x value matrix. */
  byTopic: Record<string, number>;
  countryValue: DistanceMatrix;
  topicValue: DistanceMatrix;
}

export function distanceMatrix(
  items: readonly ItemAlignment[],
  kind: "country" | "topic",
  catalog?: Catalog,
): DistanceMatrix {
  const tallies = new DistanceTallies();
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as ItemAlignment;
    if (item.distance !== null) tallies.add(item[kind], item.value, item.distance);
  }
  return tallies.matrix(kind, catalog);
}

/** Distance sums and counts per (row, value) cell, filled item by item, in item order. */
class DistanceTallies {
  readonly #byRow = new Map<string, Map<string, { sum: number; count: number }>>();
  readonly #values = new Set<string>();

  add(row: string, value: string, distance: number): void {
    let byValue = this.#byRow.get(row);
    if (byValue === undefined) {
      byValue = new Map();
      this.#byRow.set(row, byValue);
    }
    const tally = byValue.get(value);
    if (tally === undefined) {
      byValue.set(value, { sum: distance, count: 1 });
      this.#values.add(value);
    } else {
      tally.sum += distance;
      tally.count++;
    }
  }

  /** The cells' means, rows and columns in catalog order. */
  matrix(kind: "country" | "topic", catalog: Catalog | undefined): DistanceMatrix {
    const rows = inCatalogOrder(this.#byRow.keys(), kind, catalog);
    const columns = inCatalogOrder(this.#values, "value", catalog);
    const cells: (number | null)[][] = [];
    const counts: number[][] = [];
    for (const row of rows) {
      const byValue = this.#byRow.get(row) as Map<string, { sum: number; count: number }>;
      const tallied = columns.map((value) => byValue.get(value));
      cells.push(tallied.map((tally) => (tally === undefined ? null : tally.sum / tally.count)));
      counts.push(tallied.map((tally) => tally?.count ?? 0));
    }
    return { rows, columns, cells, counts };
  }
}

/** Mean of each row's non-empty cells. */
export function rowMeans(matrix: DistanceMatrix): Record<string, number> {
  const out: Record<string, number> = {};
  matrix.rows.forEach((row, r) => {
    const cells = (matrix.cells[r] ?? []).filter((cell): cell is number => cell !== null);
    if (cells.length > 0) out[row] = mean(cells);
  });
  return out;
}

export function distanceSummary(items: readonly ItemAlignment[], catalog?: Catalog): DistanceSummary | null {
  // One pass fills both matrices (the same as distanceMatrix for each kind) and the overall mean.
  const byCountry = new DistanceTallies();
  const byTopic = new DistanceTallies();
  let sum = 0;
  let comparable = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as ItemAlignment;
    if (item.distance === null) continue;
    sum += item.distance;
    comparable++;
    byCountry.add(item.country, item.value, item.distance);
    byTopic.add(item.topic, item.value, item.distance);
  }
  if (comparable === 0) return null;
  const countryValue = byCountry.matrix("country", catalog);
  const topicValue = byTopic.matrix("topic", catalog);
  return {
    overall: sum / comparable,
    byCountry: rowMeans(countryValue),
    byTopic: rowMeans(topicValue),
    countryValue,
    topicValue,
  };
}
