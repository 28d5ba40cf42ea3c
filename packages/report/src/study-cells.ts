import type { MetricsReport } from "@valens/metrics";
import type { Cell, RankedValue } from "./report-data.js";

/** The study's distance cells (country x value, topic x value), non-empty cells only. */
export function studyDistanceCells(metrics: MetricsReport): Cell[] {
  const cells: Cell[] = [];
  const d = metrics.distanceStudy;
  if (!d) return cells;
  for (const [kind, matrix] of [
    ["country", d.countryValue],
    ["topic", d.topicValue],
  ] as const) {
    matrix.rows.forEach((row, r) => {
      matrix.columns.forEach((value, c) => {
        const n = matrix.counts[r]?.[c] ?? 0;
        if (n > 0) cells.push({ kind, row, value, mean: matrix.cells[r]?.[c] ?? null, n });
      });
    });
  }
  return cells;
}

/** The top-k values by the study's distance in each country and topic. */
export function topMisalignedStudy(metrics: MetricsReport, k: number): RankedValue[] {
  const out: RankedValue[] = [];
  const ranking = metrics.distanceStudy?.ranking;
  if (!ranking) return out;
  for (const [kind, detail] of [
    ["country", ranking.detail.byCountry],
    ["topic", ranking.detail.byTopic],
  ] as const) {
    for (const [group, list] of Object.entries(detail)) {
      list.slice(0, k).forEach((v, i) => {
        out.push({ kind, group, rank: i + 1, value: v.value, distance: v.distance });
      });
    }
  }
  return out;
}
