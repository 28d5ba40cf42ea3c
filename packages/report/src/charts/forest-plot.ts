import type { TopLevelSpec } from "vega-lite";
import { OKABE_ITO } from "./palette.js";
import { chartConfig } from "./specs.js";

export interface ForestDatum {
  /** The row's label (pair and group); rows are drawn in the order given. */
  label: string;
  measure: string;
  estimate: number;
  low: number | null;
  high: number | null;
  /** The point's colour: e.g. "significant" / "not significant", or the task. */
  series: string;
}

/**
 * A forest plot: one row per difference, its 95% interval as a line and the estimate as a point,
 * a dashed rule at 0, one column per measure (each with its own x scale). About 1,000 px wide for
 * three measures, so it fits the report's 1,280 px page.
 */
export function forestPlot(options: {
  data: ForestDatum[];
  measures: readonly string[];
  /** Legend title and order of the series. */
  seriesTitle: string;
  series: readonly string[];
  axisTitle: string;
  /** Draw the dashed rule at 0 (for differences). */
  zeroRule?: boolean;
}): TopLevelSpec {
  const labels = [...new Set(options.data.map((d) => d.label))];
  const y = { field: "label", type: "nominal", sort: labels, title: null, axis: { labelLimit: 260 } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values: options.data },
    facet: {
      column: {
        field: "measure",
        type: "nominal",
        sort: [...options.measures],
        title: null,
        header: { labelFontWeight: "bold" },
      },
    },
    spacing: 16,
    resolve: { scale: { x: "independent" } },
    spec: {
      width: 220,
      height: { step: 16 },
      layer: [
        ...(options.zeroRule
          ? [
              {
                mark: { type: "rule", color: "#888888", strokeDash: [4, 3] },
                encoding: { x: { datum: 0, type: "quantitative" } },
              },
            ]
          : []),
        {
          transform: [{ filter: "datum.low !== null && datum.high !== null" }],
          mark: { type: "rule", strokeWidth: 2, color: "#555555" },
          encoding: {
            y,
            x: { field: "low", type: "quantitative", title: options.axisTitle },
            x2: { field: "high" },
          },
        },
        {
          mark: { type: "point", filled: true, size: 50, tooltip: true },
          encoding: {
            y,
            x: { field: "estimate", type: "quantitative", title: options.axisTitle },
            color: {
              field: "series",
              type: "nominal",
              title: options.seriesTitle,
              scale: {
                domain: [...options.series],
                range: [OKABE_ITO[5], OKABE_ITO[0], OKABE_ITO[2], OKABE_ITO[3]].slice(
                  0,
                  Math.max(1, options.series.length),
                ),
              },
            },
          },
        },
      ],
    },
    config: chartConfig,
  } as TopLevelSpec;
}
