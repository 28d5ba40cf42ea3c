import type { DistanceMatrix } from "./distance.js";
import type { ItemAlignment } from "./item-alignment.js";

export interface RankedValue {
  value: string;
  /** Mean distance of the value's comparable items in that country or topic. */
  distance: number;
  /** Of those items, how many are misaligned. */
  misaligned: number;
  items: number;
}

/** Values ordered by alignment distance within each country and topic, most misaligned first. */
export interface Ranking {
  /** country -> value names, most misaligned first. */
  byCountry: Record<string, string[]>;
  /** topic -> value names, most misaligned first. */
  byTopic: Record<string, string[]>;
  /** The same orders with the figures behind them. */
  detail: {
    byCountry: Record<string, RankedValue[]>;
    byTopic: Record<string, RankedValue[]>;
  };
}

/** Ranks the values of each row of a distance matrix; ties by misaligned count, then name. */
export function rankValues(
  matrix: DistanceMatrix,
  items: readonly ItemAlignment[],
  kind: "country" | "topic",
): Record<string, RankedValue[]> {
  // Misaligned items counted per cell of the matrix, by index: no "row|value" key per item.
  const rowIndex = new Map(matrix.rows.map((name, i) => [name, i]));
  const columnIndex = new Map(matrix.columns.map((name, i) => [name, i]));
  const misaligned = matrix.rows.map(() => matrix.columns.map(() => 0));
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as ItemAlignment;
    if (!item.misaligned) continue;
    const r = rowIndex.get(item[kind]);
    const c = columnIndex.get(item.value);
    if (r === undefined || c === undefined) continue;
    const row = misaligned[r] as number[];
    row[c] = (row[c] as number) + 1;
  }
  const out: Record<string, RankedValue[]> = {};
  matrix.rows.forEach((row, r) => {
    const ranked: RankedValue[] = [];
    matrix.columns.forEach((value, c) => {
      const distance = matrix.cells[r]?.[c];
      if (distance === null || distance === undefined) return;
      ranked.push({
        value,
        distance,
        misaligned: misaligned[r]?.[c] ?? 0,
        items: matrix.counts[r]?.[c] ?? 0,
      });
    });
    ranked.sort(
      (a, b) => b.distance - a.distance || b.misaligned - a.misaligned || a.value.localeCompare(b.value),
    );
    out[row] = ranked;
  });
  return out;
}

export function ranking(
  countryValue: DistanceMatrix,
  topicValue: DistanceMatrix,
  items: readonly ItemAlignment[],
): Ranking {
  const byCountry = rankValues(countryValue, items, "country");
  const byTopic = rankValues(topicValue, items, "topic");
  const names = (detail: Record<string, RankedValue[]>) =>
    Object.fromEntries(Object.entries(detail).map(([row, list]) => [row, list.map((v) => v.value)]));
  return { byCountry: names(byCountry), byTopic: names(byTopic), detail: { byCountry, byTopic } };
}
