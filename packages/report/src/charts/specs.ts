import type { TopLevelSpec } from "vega-lite";
import { ACCENT, HEATMAP_SCHEME, OKABE_ITO, PRIMARY } from "./palette.js";

/** Shared look: system sans-serif (no web fonts: the report makes no requests), readable sizes. */
const config = {
  font: "sans-serif",
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 300 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220 },
  header: { labelFontSize: 11, titleFontSize: 12 },
  view: { stroke: null },
  background: "white",
} as const;

const modelColor = (models: readonly string[], title = "model") => ({
  field: "model",
  type: "nominal" as const,
  title,
  sort: [...models],
  scale: { domain: [...models], range: [...OKABE_ITO].slice(0, Math.max(1, Math.min(8, models.length))) },
});

export interface RateDatum {
  name: string;
  model: string;
  rate: number | null;
}

/**
 * Horizontal bars of a rate (0..1) per group, in the given order; several models side by side
 * (grouped bars) with a colour per model. `reference` draws the overall figure as a rule.
 */
export function rateBars(options: {
  data: RateDatum[];
  order: readonly string[];
  models: readonly string[];
  axisTitle: string;
  groupTitle: string;
  reference?: number | null;
  domain?: [number, number];
  /** Legend title of the series (default "model"). */
  seriesTitle?: string;
}): TopLevelSpec {
  const several = options.models.length > 1;
  const bars = {
    mark: { type: "bar" as const, ...(several ? {} : { color: PRIMARY }), tooltip: true },
    encoding: {
      y: { field: "name", type: "nominal" as const, sort: [...options.order], title: options.groupTitle },
      ...(several
        ? { yOffset: { field: "model", type: "nominal" as const, sort: [...options.models] } }
        : {}),
      x: {
        field: "rate",
        type: "quantitative" as const,
        title: options.axisTitle,
        scale: { domain: options.domain ?? [0, 1] },
      },
      ...(several ? { color: modelColor(options.models, options.seriesTitle) } : {}),
    },
  };
  const layers: object[] = [bars];
  if (!several) {
    // The figures stand in a column right of the plot, so neither a bar's end nor the dashed
    // overall line can run through them.
    layers.push({
      mark: { type: "text", align: "left", dx: 6, fontSize: 10 },
      encoding: {
        y: { field: "name", type: "nominal", sort: [...options.order] },
        x: { datum: (options.domain ?? [0, 1])[1], type: "quantitative" },
        text: { field: "rate", type: "quantitative", format: ".3f" },
      },
    });
  }
  if (options.reference !== undefined && options.reference !== null) {
    layers.push({
      data: { values: [{ reference: options.reference }] },
      mark: { type: "rule", color: ACCENT, strokeDash: [4, 3], strokeWidth: 1.5 },
      encoding: { x: { field: "reference", type: "quantitative" } },
    });
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values: options.data.filter((d) => d.rate !== null) },
    width: 420,
    height: { step: several ? Math.max(6, 18 / options.models.length) * options.models.length : 18 },
    layer: layers,
    config,
  } as TopLevelSpec;
}

export interface CellDatum {
  row: string;
  value: string;
  type: string;
  mean: number | null;
  n: number;
}

/**
 * A rows x values heatmap with the values grouped by motivational type: one facet column per
 * type in catalog order, so the type names head their columns and the gaps separate them.
 */
export function groupedHeatmap(options: {
  data: CellDatum[];
  rows: readonly string[];
  values: readonly { name: string; type: string }[];
  legendTitle: string;
  domain: [number, number];
  scheme?: string;
  reverse?: boolean;
}): TopLevelSpec {
  const types = [...new Set(options.values.map((v) => v.type))];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values: options.data.filter((d) => d.mean !== null) },
    facet: {
      column: {
        field: "type",
        type: "nominal",
        sort: types,
        title: null,
        header: {
          labelAngle: -30,
          labelAlign: "left",
          labelOrient: "top",
          labelBaseline: "bottom",
          labelPadding: 2,
          labelFontWeight: "bold",
        },
      },
    },
    spacing: 5,
    resolve: { scale: { x: "independent" } },
    spec: {
      // 56 columns of 15 px: the widest heatmap (11 topics x 56 values) fits a 1,280 px window.
      width: { step: 15 },
      height: { step: 20 },
      mark: { type: "rect", tooltip: true },
      encoding: {
        x: {
          field: "value",
          type: "nominal",
          sort: options.values.map((v) => v.name),
          title: null,
          axis: { labelAngle: -90, labelFontSize: 10, labelLimit: 320 },
        },
        y: { field: "row", type: "nominal", sort: [...options.rows], title: null, axis: { labelLimit: 300 } },
        color: {
          field: "mean",
          type: "quantitative",
          title: options.legendTitle,
          scale: {
            scheme: options.scheme ?? HEATMAP_SCHEME,
            domain: options.domain,
            reverse: options.reverse ?? false,
          },
          // Below the chart, not beside it: a legend at the right cost 100 px of width and, being
          // taller than a short heatmap, left blank space under the value labels.
          legend: { format: ".2f", orient: "bottom", direction: "horizontal", gradientLength: 240 },
        },
      },
    },
    config,
  } as TopLevelSpec;
}

export interface IntervalDatum {
  model: string;
  estimate: number;
  low: number | null;
  high: number | null;
}

/** A point per model with its 95% interval as a bar: for comparing headline figures. */
export function intervalDots(options: {
  data: IntervalDatum[];
  axisTitle: string;
  domain?: [number, number];
}): TopLevelSpec {
  const models = options.data.map((d) => d.model);
  const withCi = options.data.filter((d) => d.low !== null && d.high !== null);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 420,
    height: { step: 26 },
    layer: [
      {
        data: { values: withCi },
        mark: { type: "rule", strokeWidth: 2, color: "#555555" },
        encoding: {
          y: { field: "model", type: "nominal", sort: models, title: null },
          x: { field: "low", type: "quantitative" },
          x2: { field: "high" },
        },
      },
      {
        data: { values: options.data },
        mark: { type: "point", filled: true, size: 90, tooltip: true },
        encoding: {
          y: { field: "model", type: "nominal", sort: models, title: null },
          x: {
            field: "estimate",
            type: "quantitative",
            title: options.axisTitle,
            scale: { domain: options.domain ?? [0, 1] },
          },
          color: modelColor(models),
        },
      },
      {
        data: { values: options.data },
        mark: { type: "text", dy: -11, fontSize: 10 },
        encoding: {
          y: { field: "model", type: "nominal", sort: models },
          x: { field: "estimate", type: "quantitative" },
          text: { field: "estimate", type: "quantitative", format: ".3f" },
        },
      },
    ],
    config,
  } as TopLevelSpec;
}

export interface ScoreDatum {
  name: string;
  metric: string;
  score: number;
}

/** Predictor vs baselines: grouped bars of F1 and accuracy. */
export function scoreBars(data: ScoreDatum[], order: readonly string[]): TopLevelSpec {
  const metrics = [...new Set(data.map((d) => d.metric))];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values: data },
    width: 420,
    height: { step: 14 * metrics.length + 6 },
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "name", type: "nominal", sort: [...order], title: null },
      yOffset: { field: "metric", type: "nominal", sort: metrics },
      x: { field: "score", type: "quantitative", scale: { domain: [0, 1] }, title: "score" },
      color: {
        field: "metric",
        type: "nominal",
        sort: metrics,
        scale: { domain: metrics, range: [...OKABE_ITO].slice(0, metrics.length) },
      },
    },
    config,
  } as TopLevelSpec;
}

/** Distribution of forecast gap probabilities. */
export function probabilityHistogram(probabilities: number[], threshold: number): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 420,
    height: 160,
    layer: [
      {
        data: { values: probabilities.map((p) => ({ p })) },
        mark: { type: "bar", color: PRIMARY, tooltip: true },
        encoding: {
          x: {
            field: "p",
            type: "quantitative",
            bin: { extent: [0, 1], step: 0.05 },
            title: "predicted gap probability",
          },
          y: { aggregate: "count", type: "quantitative", title: "items" },
        },
      },
      {
        data: { values: [{ threshold }] },
        mark: { type: "rule", color: ACCENT, strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { x: { field: "threshold", type: "quantitative" } },
      },
    ],
    config,
  } as TopLevelSpec;
}

/** The shared chart look, for chart specs defined in their own files. */
export { config as chartConfig };
