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
  const comparable = items.filter((item) => item.distance !== null);
  const rows = inCatalogOrder(
    comparable.map((item) => item[kind]),
    kind,
    catalog,
  );
  const columns = inCatalogOrder(
    comparable.map((item) => item.value),
    "value",
    catalog,
  );
  const rowIndex = new Map(rows.map((name, i) => [name, i]));
  const columnIndex = new Map(columns.map((name, i) => [name, i]));
  const sums = rows.map(() => columns.map(() => 0));
  const counts = rows.map(() => columns.map(() => 0));
  for (const item of comparable) {
    const r = rowIndex.get(item[kind]) as number;
    const c = columnIndex.get(item.value) as number;
    (sums[r] as number[])[c] = ((sums[r] as number[])[c] as number) + (item.distance as number);
    (counts[r] as number[])[c] = ((counts[r] as number[])[c] as number) + 1;
  }
  const cells = sums.map((row, r) =>
    row.map((sum, c) => ((counts[r] as number[])[c] ? sum / ((counts[r] as number[])[c] as number) : null)),
  );
  return { rows, columns, cells, counts };
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
  const distances = items.map((item) => item.distance).filter((d): d is number => d !== null);
  if (distances.length === 0) return null;
  const countryValue = distanceMatrix(items, "country", catalog);
  const topicValue = distanceMatrix(items, "topic", catalog);
  return {
    overall: mean(distances),
    byCountry: rowMeans(countryValue),
    byTopic: rowMeans(topicValue),
    countryValue,
    topicValue,
  };
}
