import type { Catalog } from "@valens/core";
import { type DistanceMatrix, rowMeans } from "./distance.js";
import { inCatalogOrder, mean } from "./grid-order.js";
import type { ItemAlignment } from "./item-alignment.js";
import { type Ranking, ranking } from "./ranking.js";

/**
 * The study's distance matrix: per (row, value) cell, the mean stated normalised score and the
 * mean negative-choice share over the cell's items (topics of a country, or countries of a
 * topic), then |stated - acted|. `cells` holds that distance, so rankValues and rowMeans apply.
 */
export interface StudyDistanceMatrix extends DistanceMatrix {
  /** Mean stated normalised score (mean - 1) / 3 of the cell's comparable items. */
  stated: (number | null)[][];
  /** Mean negative-choice share of the same items. */
  acted: (number | null)[][];
}

export interface StudyDistance {
  /** Mean of the country x value cells. */
  overall: number;
  /** Row means of the country x value matrix. */
  byCountry: Record<string, number>;
  /** Row means of the topic x value matrix. */
  byTopic: Record<string, number>;
  countryValue: StudyDistanceMatrix;
  topicValue: StudyDistanceMatrix;
  /** Values by study distance within each country and topic, largest first. */
  ranking: Ranking;
  /** Countries by row mean, largest gap first. */
  countryRanking: string[];
  /** Topics by row mean, largest gap first. */
  topicRanking: string[];
}

/** The study's distance over the comparable items (after the missing-answer policy); null when none. */
export function studyDistance(items: readonly ItemAlignment[], catalog?: Catalog): StudyDistance | null {
  const countryValue = studyDistanceMatrix(items, "country", catalog);
  if (countryValue.rows.length === 0) return null;
  const topicValue = studyDistanceMatrix(items, "topic", catalog);
  const byCountry = rowMeans(countryValue);
  const byTopic = rowMeans(topicValue);
  const cells = countryValue.cells.flat().filter((cell): cell is number => cell !== null);
  return {
    overall: mean(cells),
    byCountry,
    byTopic,
    countryValue,
    topicValue,
    ranking: ranking(countryValue, topicValue, items),
    countryRanking: largestFirst(byCountry),
    topicRanking: largestFirst(byTopic),
  };
}

interface Tally {
  stated: number;
  acted: number;
  count: number;
}

export function studyDistanceMatrix(
  items: readonly ItemAlignment[],
  kind: "country" | "topic",
  catalog?: Catalog,
): StudyDistanceMatrix {
  const byRow = new Map<string, Map<string, Tally>>();
  const values = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as ItemAlignment;
    // Comparable items only: both means of a cell cover the same items.
    if (!item.comparable || item.statedScore === null || item.negativeShare === null) continue;
    let row = byRow.get(item[kind]);
    if (row === undefined) {
      row = new Map();
      byRow.set(item[kind], row);
    }
    const tally = row.get(item.value);
    if (tally === undefined) {
      row.set(item.value, { stated: item.statedScore, acted: item.negativeShare, count: 1 });
      values.add(item.value);
    } else {
      tally.stated += item.statedScore;
      tally.acted += item.negativeShare;
      tally.count++;
    }
  }
  const rows = inCatalogOrder(byRow.keys(), kind, catalog);
  const columns = inCatalogOrder(values, "value", catalog);
  const matrix: StudyDistanceMatrix = { rows, columns, cells: [], counts: [], stated: [], acted: [] };
  for (const name of rows) {
    const row = byRow.get(name) as Map<string, Tally>;
    const tallies = columns.map((value) => row.get(value));
    const stated = tallies.map((t) => (t === undefined ? null : t.stated / t.count));
    const acted = tallies.map((t) => (t === undefined ? null : t.acted / t.count));
    matrix.stated.push(stated);
    matrix.acted.push(acted);
    matrix.cells.push(
      stated.map((s, c) => {
        const a = acted[c];
        return s === null || a === null || a === undefined ? null : Math.abs(s - a);
      }),
    );
    matrix.counts.push(tallies.map((t) => t?.count ?? 0));
  }
  return matrix;
}

const largestFirst = (means: Record<string, number>): string[] =>
  Object.entries(means)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name]) => name);
