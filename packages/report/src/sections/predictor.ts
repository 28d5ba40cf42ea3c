import { predictorVerdict } from "../caveats.js";
import { probabilityHistogram, type RateDatum, rateBars, scoreBars } from "../charts/specs.js";
import type { Forecast, PredictorEvaluation, PredictorSection } from "../predictor-input.js";
import { col, type Row } from "../table.js";
import type { Block, Section } from "./block.js";
import { pct } from "./format.js";

/** The gap predictor: its evaluation against baselines, and its forecast for a model. */
export function predictorSection(section: PredictorSection): Section {
  const blocks: Block[] = [];
  if (section.evaluation) blocks.push(...evaluationBlocks(section.evaluation));
  if (section.forecast) blocks.push(...forecastBlocks(section.forecast));
  return { id: "predictor", title: "Gap predictor", blocks };
}

function evaluationBlocks(evaluation: PredictorEvaluation): Block[] {
  const blocks: Block[] = [
    {
      kind: "text",
      text: `Predictor "${evaluation.predictor.name}" predicts ${evaluation.predictor.target}${evaluation.predictor.trainedOn ? `, trained on ${evaluation.predictor.trainedOn}` : ""}${evaluation.predictor.features.length > 0 ? ` from ${evaluation.predictor.features.join(", ")}` : ""}; evaluated on ${evaluation.testSet.size.toLocaleString("en-US")} held-out examples${evaluation.testSet.description ? ` (${evaluation.testSet.description})` : ""}. Baselines show what a trivial rule scores on the same test set.`,
    },
    evaluationFigure(evaluation),
  ];
  if (evaluation.confusion) blocks.push(confusionTable(evaluation.confusion));
  return blocks;
}

function evaluationFigure(evaluation: PredictorEvaluation): Block {
  const data = evaluation.scores.flatMap((s) => [
    { name: s.name, metric: "F1", score: s.f1 },
    { name: s.name, metric: "accuracy", score: s.accuracy },
  ]);
  return {
    kind: "figure",
    id: "predictor-evaluation",
    title: "Predictor against baselines",
    caption: `F1 and accuracy on the held-out test set.${predictorVerdict(evaluation.scores) ? ` ${predictorVerdict(evaluation.scores)}` : ""}`,
    spec: scoreBars(
      data,
      evaluation.scores.map((s) => s.name),
    ),
    table: {
      id: "predictor-evaluation",
      title: "Predictor evaluation",
      columns: [
        col("name", "predictor"),
        col("kind", "kind"),
        col("f1", "F1", "score"),
        col("accuracy", "accuracy", "score"),
        col("precision", "precision", "score"),
        col("recall", "recall", "score"),
        col("auroc", "AUROC", "score"),
      ],
      rows: evaluation.scores.map((s) => ({
        name: s.name,
        kind: s.isBaseline ? "baseline" : "predictor",
        f1: s.f1,
        accuracy: s.accuracy,
        precision: s.precision,
        recall: s.recall,
        auroc: s.auroc,
      })),
    },
  };
}

function confusionTable(c: NonNullable<PredictorEvaluation["confusion"]>): Block {
  return {
    kind: "table",
    caption: "Confusion matrix of the predictor on the test set.",
    table: {
      id: "predictor-confusion",
      title: "Predictor confusion matrix",
      columns: [
        col("actual", "actual"),
        col("predYes", "predicted yes", "int"),
        col("predNo", "predicted no", "int"),
      ],
      rows: [
        { actual: "yes", predYes: c.tp, predNo: c.fn },
        { actual: "no", predYes: c.fp, predNo: c.tn },
      ],
    },
    collapsed: false,
  };
}

function forecastBlocks(forecast: Forecast): Block[] {
  const predicted = forecast.items.filter((i) => i.probability >= forecast.threshold).length;
  const observed = forecast.items.filter((i) => i.observed !== null);
  const expected =
    forecast.items.length === 0
      ? null
      : forecast.items.reduce((sum, i) => sum + i.probability, 0) / forecast.items.length;
  const observedShare =
    observed.length === 0 ? null : observed.filter((i) => i.observed).length / observed.length;
  return [
    {
      kind: "text",
      text: `Forecast for ${forecast.model} by ${forecast.predictor} over ${forecast.items.length.toLocaleString("en-US")} items: expected misaligned share ${pct(expected)} (the mean predicted probability); ${predicted.toLocaleString("en-US")} items are at or above the decision threshold ${forecast.threshold.toFixed(3)}.${observedShare === null ? "" : ` The run's own Task 2 shows ${pct(observedShare)} misaligned over the ${observed.length.toLocaleString("en-US")} items it answered.`}`,
    },
    {
      kind: "figure",
      id: "forecast-distribution",
      title: "Forecast gap probabilities",
      caption:
        "Items by predicted probability of a value-action gap; the dashed line is the decision threshold.",
      spec: probabilityHistogram(
        forecast.items.map((i) => i.probability),
        forecast.threshold,
      ),
      table: {
        id: "forecast-distribution",
        title: "Forecast probability distribution",
        columns: [col("bin", "probability bin"), col("items", "items", "int")],
        rows: histogramRows(forecast.items.map((i) => i.probability)),
      },
    },
    forecastByCountry(forecast, observedShare !== null),
    forecastTopItems(forecast),
  ];
}

/** Per country: items, mean predicted probability, share above the threshold, observed share. */
function countryRows(forecast: Forecast) {
  const byCountry = new Map<
    string,
    { n: number; sum: number; predicted: number; observed: number; obsN: number }
  >();
  for (const item of forecast.items) {
    const entry = byCountry.get(item.country) ?? { n: 0, sum: 0, predicted: 0, observed: 0, obsN: 0 };
    entry.n++;
    entry.sum += item.probability;
    if (item.probability >= forecast.threshold) entry.predicted++;
    if (item.observed !== null) {
      entry.obsN++;
      if (item.observed) entry.observed++;
    }
    byCountry.set(item.country, entry);
  }
  return [...byCountry].map(([country, e]) => ({
    country,
    items: e.n,
    meanProbability: e.sum / e.n,
    predictedShare: e.predicted / e.n,
    observedShare: e.obsN > 0 ? e.observed / e.obsN : null,
  }));
}

function forecastByCountry(forecast: Forecast, anyObserved: boolean): Block {
  const rows = countryRows(forecast);
  const series: RateDatum[] = rows.flatMap((r) => [
    { name: r.country, model: "expected", rate: r.meanProbability },
    ...(r.observedShare === null ? [] : [{ name: r.country, model: "observed", rate: r.observedShare }]),
  ]);
  return {
    kind: "figure",
    id: "forecast-by-country",
    title: "Forecast gap share by country",
    caption:
      "Expected share of each country's items with a gap (mean predicted probability), beside the share observed in the run's Task 2 where it has one.",
    spec: rateBars({
      data: series,
      order: rows.map((r) => r.country),
      models: anyObserved ? ["expected", "observed"] : ["expected"],
      axisTitle: "share of items with a gap",
      groupTitle: "country",
      seriesTitle: "gap share",
    }),
    table: {
      id: "forecast-by-country",
      title: "Forecast by country",
      columns: [
        col("country", "country"),
        col("items", "items", "int"),
        col("meanProbability", "expected gap share", "percent"),
        col("predictedShare", "share above threshold", "percent"),
        col("observedShare", "observed gap share", "percent"),
      ],
      rows,
    },
  };
}

function forecastTopItems(forecast: Forecast): Block {
  const top = [...forecast.items].sort((a, b) => b.probability - a.probability).slice(0, 20);
  return {
    kind: "table",
    caption: "Items most likely to show a gap.",
    table: {
      id: "forecast-top-items",
      title: "Forecast: most likely gaps",
      columns: [
        col("country", "country"),
        col("topic", "topic"),
        col("value", "value"),
        col("probability", "probability", "score"),
        col("observed", "observed"),
      ],
      rows: top.map((i) => ({
        country: i.country,
        topic: i.topic,
        value: i.value,
        probability: i.probability,
        observed: i.observed === null ? null : i.observed ? "gap" : "no gap",
      })),
    },
    collapsed: false,
  };
}

function histogramRows(probabilities: readonly number[]): Row[] {
  const bins = new Array<number>(20).fill(0);
  for (const p of probabilities) {
    const bin = Math.min(19, Math.floor(p * 20));
    bins[bin] = (bins[bin] ?? 0) + 1;
  }
  return bins.map((items, i) => ({ bin: `${(i / 20).toFixed(2)}–${((i + 1) / 20).toFixed(2)}`, items }));
}
