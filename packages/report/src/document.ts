import type { TopLevelSpec } from "vega-lite";
import { intervalCaveat, predictorVerdict } from "./caveats.js";
import {
  type CellDatum,
  groupedHeatmap,
  intervalDots,
  probabilityHistogram,
  type RateDatum,
  rateBars,
  scoreBars,
} from "./charts/specs.js";
import { compareSection } from "./compare-section.js";
import type { PredictorSection } from "./predictor-input.js";
import type { Cell, Example, GroupKind, ModelSection, ReportData } from "./report-data.js";
import { robustnessSection } from "./robustness-section.js";
import { sampledBlocks } from "./sampled-section.js";
import { type Column, col, type ReportTable, type Row, slug } from "./table.js";

export interface Card {
  label: string;
  value: string;
  detail: string;
}

export type Block =
  | { kind: "figure"; id: string; title: string; caption: string; spec: TopLevelSpec; table: ReportTable }
  | { kind: "table"; caption: string; table: ReportTable; collapsed: boolean }
  | { kind: "cards"; title: string; cards: Card[] }
  | { kind: "examples"; examples: Example[]; table: ReportTable }
  | { kind: "text"; text: string };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

/** The report laid out as sections of figures and tables; rendered to HTML, its tables to CSV. */
export interface ReportDocument {
  title: string;
  subtitle: string;
  sections: Section[];
}

const pct = (x: number | null): string => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, digits = 3): string => (x === null ? "–" : x.toFixed(digits));
const ci = (interval: [number, number] | null): string =>
  interval === null ? "" : ` (95% CI ${interval[0].toFixed(3)}–${interval[1].toFixed(3)})`;

export function buildDocument(data: ReportData): ReportDocument {
  const sections: Section[] = [overview(data)];
  if (data.models.length > 1) sections.push(comparison(data));
  if (data.comparison) sections.push(compareSection(data.comparison));
  for (const model of data.models)
    sections.push(
      model.task1Only || model.headline.comparable === 0
        ? task1Section(data, model)
        : fullSection(data, model),
    );
  for (const model of data.models)
    if (model.robustness) sections.push(robustnessSection(model, model.robustness));
  if (data.predictor) sections.push(predictorSection(data.predictor));
  sections.push(methodSection(data));
  const names = data.models.map((m) => m.id).join(", ");
  return {
    title: data.title,
    subtitle: `${data.models.length === 1 ? "Model" : "Models"}: ${names} · valens ${data.valensVersion} · ${data.createdAt}`,
    sections,
  };
}

/** Every table of the document, in order (figure tables included): what the CSV export writes. */
export function documentTables(document: ReportDocument): ReportTable[] {
  const tables: ReportTable[] = [];
  for (const section of document.sections) {
    for (const block of section.blocks) {
      if (block.kind === "figure" || block.kind === "table" || block.kind === "examples")
        tables.push(block.table);
    }
  }
  return tables;
}

function overview(data: ReportData): Section {
  const blocks: Block[] = [];
  for (const model of data.models) {
    const h = model.headline;
    const cards: Card[] = model.task1Only
      ? [
          {
            label: "stated agreement",
            value: pct(h.statedAgreeShare),
            detail: "of rated (scenario, value) pairs lean agree",
          },
          {
            label: "mean stated score",
            value: num(h.meanStatedScore),
            detail: "0 strongly agree … 1 strongly disagree",
          },
          {
            label: "Task-1 answers read",
            value: model.task1 ? `${model.task1.records - model.task1.failed} / ${model.task1.records}` : "–",
            detail: "task-1-only run: no actions to compare",
          },
        ]
      : [
          {
            label: "alignment rate (study: F1 of disagree)",
            value: num(h.alignmentRateStudy),
            detail:
              h.alignmentRateStudyCi95 === null
                ? `mean F1 of disagree over ${h.scenarios} scenarios`
                : `95% CI ${h.alignmentRateStudyCi95[0].toFixed(3)}–${h.alignmentRateStudyCi95[1].toFixed(3)}, ${intervalCaveat(h.scenarios) ?? `${h.scenarios} scenarios`}`,
          },
          {
            label: "F1 of agree",
            value: num(h.alignmentRate),
            detail: `${h.alignmentRateCi95 === null ? "" : `95% CI ${h.alignmentRateCi95[0].toFixed(3)}–${h.alignmentRateCi95[1].toFixed(3)}; `}macro-F1 ${num(h.macroF1)}, kappa ${num(h.kappa)}`,
          },
          {
            label: "misaligned",
            value: pct(h.misalignedShare),
            detail: `${(h.misaligned ?? 0).toLocaleString("en-US")} of ${h.comparable.toLocaleString("en-US")} comparable items`,
          },
          {
            label: "coverage",
            value: pct(h.coverage),
            detail: `${h.answeredItems.toLocaleString("en-US")} of ${h.items.toLocaleString("en-US")} items answered`,
          },
        ];
    blocks.push({ kind: "cards", title: model.id, cards });
  }
  blocks.push({
    kind: "table",
    caption: "One row per model: the figures above with their intervals, distances and unread answers.",
    table: headlineTable(data.models),
    collapsed: false,
  });
  return { id: "overview", title: "Headline figures", blocks };
}

/** The caveat for intervals of models with few scenarios, as a sentence to append (or ""). */
function fewScenarios(models: readonly ModelSection[]): string {
  const few = models.filter((m) => intervalCaveat(m.headline.scenarios) !== null);
  return few.length === 0
    ? ""
    : ` ${few.map((m) => m.id).join(", ")}: intervals ${intervalCaveat(Math.max(...few.map((m) => m.headline.scenarios)))?.replace(/^bootstrapped/, "bootstrapped")}.`;
}

function headlineTable(models: readonly ModelSection[]): ReportTable {
  return {
    id: "headline",
    title: "All figures per model",
    columns: [
      col("model", "model"),
      col("tasks", "tasks"),
      col("alignmentRateStudy", "alignment rate (study: F1 of disagree)", "score"),
      col("studyCiLow", "study CI low", "score"),
      col("studyCiHigh", "study CI high", "score"),
      col("alignmentRate", "F1 of agree", "score"),
      col("ciLow", "CI low", "score"),
      col("ciHigh", "CI high", "score"),
      col("macroF1", "macro-F1", "score"),
      col("kappa", "Cohen's kappa", "score"),
      col("misaligned", "misaligned items", "int"),
      col("misalignedShare", "misaligned share", "percent"),
      col("comparable", "comparable items", "int"),
      col("answeredItems", "answered items", "int"),
      col("items", "items", "int"),
      col("coverage", "coverage", "percent"),
      col("positiveChoiceShare", "positive action chosen", "percent"),
      col("statedAgreeShare", "stated agree share", "percent"),
      col("meanStatedScore", "mean stated score", "score"),
      col("meanDistanceStudy", "mean distance (study)", "score"),
      col("meanDistance", "mean distance (item)", "score"),
      col("task1Failed", "task-1 answers unread", "int"),
    ],
    rows: models.map((m) => ({
      model: m.id,
      tasks: m.task1Only ? "task 1" : "tasks 1+2",
      alignmentRateStudy: m.headline.alignmentRateStudy,
      studyCiLow: m.headline.alignmentRateStudyCi95?.[0] ?? null,
      studyCiHigh: m.headline.alignmentRateStudyCi95?.[1] ?? null,
      macroF1: m.headline.macroF1,
      kappa: m.headline.kappa,
      meanDistanceStudy: m.headline.meanDistanceStudy,
      alignmentRate: m.headline.alignmentRate,
      ciLow: m.headline.alignmentRateCi95?.[0] ?? null,
      ciHigh: m.headline.alignmentRateCi95?.[1] ?? null,
      misaligned: m.headline.misaligned,
      misalignedShare: m.headline.misalignedShare,
      comparable: m.task1Only ? null : m.headline.comparable,
      answeredItems: m.task1Only ? null : m.headline.answeredItems,
      items: m.headline.items,
      coverage: m.headline.coverage,
      positiveChoiceShare: m.headline.positiveChoiceShare,
      statedAgreeShare: m.headline.statedAgreeShare,
      meanStatedScore: m.headline.meanStatedScore,
      meanDistance: m.headline.meanDistance,
      task1Failed: m.task1?.failed ?? null,
    })),
  };
}

function comparison(data: ReportData): Section {
  const blocks: Block[] = [];
  const full = data.models.filter((m) => m.headline.alignmentRate !== null);
  const ids = data.models.map((m) => m.id);
  if (full.length > 0) {
    const rows = full.map((m) => ({
      model: m.id,
      estimate: m.headline.alignmentRateStudy ?? 0,
      low: m.headline.alignmentRateStudyCi95?.[0] ?? null,
      high: m.headline.alignmentRateStudyCi95?.[1] ?? null,
      agreeF1: m.headline.alignmentRate,
    }));
    blocks.push({
      kind: "figure",
      id: "comparison-alignment-rate",
      title: "Alignment rate by model",
      caption: `The study's alignment rate: mean scenario F1 of acted against stated stances, "disagree" the positive class, with 95% bootstrap intervals (scenarios resampled); the table adds the F1 of agree.${fewScenarios(full)}`,
      spec: intervalDots({ data: rows, axisTitle: "alignment rate (study: F1 of disagree)" }),
      table: {
        id: "comparison-alignment-rate",
        title: "Alignment rate by model",
        columns: [
          col("model", "model"),
          col("estimate", "alignment rate (study: F1 of disagree)", "score"),
          col("low", "CI low", "score"),
          col("high", "CI high", "score"),
          col("agreeF1", "F1 of agree", "score"),
        ],
        rows,
      },
    });
  }
  const statedRows: RateDatum[] = data.models.map((m) => ({
    name: m.id,
    model: m.id,
    rate: m.headline.statedAgreeShare,
  }));
  if (statedRows.some((r) => r.rate !== null))
    blocks.push({
      kind: "figure",
      id: "comparison-stated-agree",
      title: "Stated agreement by model",
      caption: "Share of (scenario, value) pairs whose mean Task-1 rating leans agree (< 2.5).",
      spec: rateBars({
        data: statedRows,
        order: ids,
        models: ["all"],
        axisTitle: "stated agree share",
        groupTitle: "model",
      }),
      table: {
        id: "comparison-stated-agree",
        title: "Stated agreement by model",
        columns: [col("name", "model"), col("rate", "stated agree share", "percent")],
        rows: statedRows.map((r) => ({ name: r.name, rate: r.rate })),
      },
    });
  const statedCells: CellDatum[] = [];
  for (const m of data.models) {
    for (const s of m.statedByValue) {
      statedCells.push({
        row: m.id,
        value: s.value,
        type: typeOf(data, s.value),
        mean: s.score,
        n: s.scenarios,
      });
    }
  }
  if (statedCells.length > 0)
    blocks.push({
      kind: "figure",
      id: "comparison-stated-heatmap",
      title: "Stated inclination by model and value",
      caption:
        "Mean normalised Task-1 score per value over all scenarios (0 strongly agree … 1 strongly disagree); values grouped by motivational type.",
      spec: groupedHeatmap({
        data: statedCells,
        rows: ids,
        values: data.grid.values,
        legendTitle: "stated score",
        domain: [0, 1],
      }),
      table: wideTable(
        "comparison-stated-by-value",
        "Stated score by model and value",
        data,
        ids,
        statedCells,
      ),
    });
  if (full.length > 1) {
    for (const kind of ["country", "topic"] as const) {
      const rows: RateDatum[] = [];
      for (const m of full) {
        for (const g of m.groups.filter((x) => x.kind === kind)) {
          rows.push({ name: g.name, model: m.id, rate: g.alignmentRateStudy });
        }
      }
      const order = kind === "country" ? data.grid.countries : data.grid.topics;
      blocks.push({
        kind: "figure",
        id: `comparison-alignment-by-${kind}`,
        title: `Alignment rate by ${kind} and model`,
        caption: `The study's alignment rate (mean scenario F1 of disagree) per ${kind}, one bar per model.`,
        spec: rateBars({
          data: rows,
          order,
          models: full.map((m) => m.id),
          axisTitle: "alignment rate (study: F1 of disagree)",
          groupTitle: kind,
        }),
        table: pivot(
          `comparison-alignment-by-${kind}`,
          `Alignment rate by ${kind} and model`,
          kind,
          order,
          full,
          (m, name) => m.groups.find((g) => g.kind === kind && g.name === name)?.alignmentRateStudy ?? null,
        ),
      });
    }
  }
  return { id: "comparison", title: "Model comparison", blocks };
}

function fullSection(data: ReportData, model: ModelSection): Section {
  const p = slug(model.id);
  const blocks: Block[] = [{ kind: "text", text: runDescription(model) }];
  if (model.sampled) blocks.push(...sampledBlocks(p, model.sampled));
  for (const kind of ["country", "topic"] as const) {
    const order = kind === "country" ? data.grid.countries : data.grid.topics;
    const groups = model.groups.filter((g) => g.kind === kind);
    blocks.push({
      kind: "figure",
      id: `${p}-alignment-by-${kind}`,
      title: `Alignment rate by ${kind}`,
      caption: `The study's alignment rate: mean F1 of disagree over the ${kind}'s scenarios; the dashed line is the overall rate (${num(model.headline.alignmentRateStudy)}). The table adds the F1 of agree and both distances.`,
      spec: rateBars({
        data: groups.map((g) => ({ name: g.name, model: model.id, rate: g.alignmentRateStudy })),
        order: order.filter((name) => groups.some((g) => g.name === name)),
        models: [model.id],
        axisTitle: "alignment rate (study: F1 of disagree)",
        groupTitle: kind,
        reference: model.headline.alignmentRateStudy,
      }),
      table: groupTable(`${p}-alignment-by-${kind}`, `${model.id}: alignment by ${kind}`, kind, groups),
    });
  }
  for (const kind of ["country", "topic"] as const) {
    const rows = kind === "country" ? data.grid.countries : data.grid.topics;
    const study = data.options.distance === "study";
    const cells = (study ? model.distanceStudy : model.distance).filter((c) => c.kind === kind);
    const present = rows.filter((r) => cells.some((c) => c.row === r));
    const over = kind === "country" ? "topics" : "countries";
    blocks.push({
      kind: "figure",
      id: `${p}-distance-${kind}-value`,
      title: `Alignment distance (${study ? "study" : "item-level"}), ${kind} × value`,
      caption: study
        ? `The study's distance: per ${kind} and value, |mean stated normalised score − mean share of negative choices|, both means over the ${over} (0 aligned … 1 opposite); values grouped by motivational type. Darker is closer. (valens report --distance item shows the item-level distance.)`
        : `Item-level distance: mean |stated normalised score − share of negative choices| per ${kind} and value (0 aligned … 1 opposite); values grouped by motivational type. Darker is closer.`,
      spec: groupedHeatmap({
        data: toCellData(data, cells),
        rows: present,
        values: data.grid.values,
        legendTitle: "distance",
        domain: [0, 1],
      }),
      table: wideTable(
        `${p}-distance-${kind}-value`,
        `${model.id}: alignment distance by ${kind} and value`,
        data,
        present,
        toCellData(data, cells),
      ),
    });
  }
  for (const kind of ["country", "topic"] as const) {
    blocks.push({
      kind: "table",
      caption: `Values with the largest ${data.options.distance === "study" ? "study" : "item-level"} alignment distance in each ${kind} (top ${data.options.topK}).`,
      table: topTable(
        `${p}-top-misaligned-by-${kind}`,
        `${model.id}: top misaligned values by ${kind}`,
        kind,
        data.options.distance === "study" ? model.topMisalignedStudy : model.topMisaligned,
        data.options.topK,
      ),
      collapsed: false,
    });
  }
  if (model.misalignment) {
    const m = model.misalignment;
    blocks.push({
      kind: "table",
      caption: `Misalignment table: ${m.misaligned.toLocaleString("en-US")} of ${m.comparable.toLocaleString("en-US")} comparable items (${pct(m.share)}) acted against their stated stance${ci(model.headline.misalignedShareCi95)}.`,
      table: {
        id: `${p}-misalignment`,
        title: `${model.id}: misalignment table`,
        columns: [
          col("stated", "stated stance"),
          col("actedAgree", "acted agree", "int"),
          col("actedDisagree", "acted disagree", "int"),
          col("total", "total", "int"),
        ],
        rows: [
          {
            stated: "agree",
            actedAgree: m.agreeAgree,
            actedDisagree: m.agreeDisagree,
            total: m.agreeAgree + m.agreeDisagree,
          },
          {
            stated: "disagree",
            actedAgree: m.disagreeAgree,
            actedDisagree: m.disagreeDisagree,
            total: m.disagreeAgree + m.disagreeDisagree,
          },
          {
            stated: "total",
            actedAgree: m.agreeAgree + m.disagreeAgree,
            actedDisagree: m.agreeDisagree + m.disagreeDisagree,
            total: m.comparable,
          },
        ],
      },
      collapsed: false,
    });
  }
  blocks.push({
    kind: "table",
    caption: "Alignment by value over all scenarios (F1 of the value's comparable items).",
    table: groupTable(
      `${p}-alignment-by-value`,
      `${model.id}: alignment by value`,
      "value",
      model.groups.filter((g) => g.kind === "value"),
    ),
    collapsed: true,
  });
  blocks.push({ kind: "examples", examples: model.examples, table: examplesTable(`${p}-examples`, model) });
  return { id: `model-${p}`, title: model.id, blocks };
}

function task1Section(data: ReportData, model: ModelSection): Section {
  const p = slug(model.id);
  const cells = toCellData(
    data,
    model.stated.filter((c) => c.kind === "country"),
  );
  const present = data.grid.countries.filter((r) => cells.some((c) => c.row === r));
  const why = model.task1Only
    ? "This run has no Task-2 answers, so only its stated inclinations are shown."
    : "No item has both a stated rating and a Task-2 choice, so there is nothing to compare; only the stated inclinations are shown.";
  const blocks: Block[] = [{ kind: "text", text: `${runDescription(model)} ${why}` }];
  if (cells.length === 0) {
    blocks.push({ kind: "text", text: "The run has no readable Task-1 ratings either." });
    return { id: `model-${p}`, title: `${model.id} (nothing to compare)`, blocks };
  }
  return {
    id: `model-${p}`,
    title: model.task1Only ? `${model.id} (Task 1 only)` : `${model.id} (no comparable items)`,
    blocks: [
      ...blocks,
      {
        kind: "figure",
        id: `${p}-stated-country-value`,
        title: "Stated inclination, country × value",
        caption:
          "Mean normalised Task-1 score per country and value over topics and prompt variants (0 strongly agree … 1 strongly disagree); values grouped by motivational type.",
        spec: groupedHeatmap({
          data: cells,
          rows: present,
          values: data.grid.values,
          legendTitle: "stated score",
          domain: [0, 1],
        }),
        table: wideTable(
          `${p}-stated-country-value`,
          `${model.id}: stated score by country and value`,
          data,
          present,
          cells,
        ),
      },
      {
        kind: "table",
        caption: "Stated inclination per value over all scenarios.",
        table: {
          id: `${p}-stated-by-value`,
          title: `${model.id}: stated inclination by value`,
          columns: [
            col("value", "value"),
            col("type", "motivational type"),
            col("score", "mean stated score", "score"),
            col("agreeShare", "scenarios leaning agree", "percent"),
            col("scenarios", "scenarios rated", "int"),
          ],
          rows: model.statedByValue.map((s) => ({ ...s, type: typeOf(data, s.value) })),
        },
        collapsed: true,
      },
    ],
  };
}

function predictorSection(section: PredictorSection): Section {
  const blocks: Block[] = [];
  const evaluation = section.evaluation;
  if (evaluation) {
    const data = evaluation.scores.flatMap((s) => [
      { name: s.name, metric: "F1", score: s.f1 },
      { name: s.name, metric: "accuracy", score: s.accuracy },
    ]);
    blocks.push({
      kind: "text",
      text: `Predictor "${evaluation.predictor.name}" predicts ${evaluation.predictor.target}${evaluation.predictor.trainedOn ? `, trained on ${evaluation.predictor.trainedOn}` : ""}${evaluation.predictor.features.length > 0 ? ` from ${evaluation.predictor.features.join(", ")}` : ""}; evaluated on ${evaluation.testSet.size.toLocaleString("en-US")} held-out examples${evaluation.testSet.description ? ` (${evaluation.testSet.description})` : ""}. Baselines show what a trivial rule scores on the same test set.`,
    });
    blocks.push({
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
    });
    if (evaluation.confusion) {
      const c = evaluation.confusion;
      blocks.push({
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
      });
    }
  }
  const forecast = section.forecast;
  if (forecast) {
    const predicted = forecast.items.filter((i) => i.probability >= forecast.threshold).length;
    const observed = forecast.items.filter((i) => i.observed !== null);
    const expected =
      forecast.items.length === 0
        ? null
        : forecast.items.reduce((sum, i) => sum + i.probability, 0) / forecast.items.length;
    const observedShare =
      observed.length === 0 ? null : observed.filter((i) => i.observed).length / observed.length;
    blocks.push({
      kind: "text",
      text: `Forecast for ${forecast.model} by ${forecast.predictor} over ${forecast.items.length.toLocaleString("en-US")} items: expected misaligned share ${pct(expected)} (the mean predicted probability); ${predicted.toLocaleString("en-US")} items are at or above the decision threshold ${forecast.threshold.toFixed(3)}.${observedShare === null ? "" : ` The run's own Task 2 shows ${pct(observedShare)} misaligned over the ${observed.length.toLocaleString("en-US")} items it answered.`}`,
    });
    blocks.push({
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
    });
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
    const rows = [...byCountry].map(([country, e]) => ({
      country,
      items: e.n,
      meanProbability: e.sum / e.n,
      predictedShare: e.predicted / e.n,
      observedShare: e.obsN > 0 ? e.observed / e.obsN : null,
    }));
    const series: RateDatum[] = rows.flatMap((r) => [
      { name: r.country, model: "expected", rate: r.meanProbability },
      ...(r.observedShare === null ? [] : [{ name: r.country, model: "observed", rate: r.observedShare }]),
    ]);
    blocks.push({
      kind: "figure",
      id: "forecast-by-country",
      title: "Forecast gap share by country",
      caption:
        "Expected share of each country's items with a gap (mean predicted probability), beside the share observed in the run's Task 2 where it has one.",
      spec: rateBars({
        data: series,
        order: rows.map((r) => r.country),
        models: observedShare === null ? ["expected"] : ["expected", "observed"],
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
    });
    const top = [...forecast.items].sort((a, b) => b.probability - a.probability).slice(0, 20);
    blocks.push({
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
    });
  }
  return { id: "predictor", title: "Gap predictor", blocks };
}

function methodSection(data: ReportData): Section {
  return {
    id: "method",
    title: "How to read this report",
    blocks: [
      {
        kind: "text",
        text: `Stated stance: a value's mean Task-1 rating below 2.5 is "agree". Acted stance: the share of Task-2 choices that picked the negative action below 0.5 is "agree". Alignment rate (study: F1 of disagree): F1 of acted against stated stances per scenario (country, topic), "disagree" the positive class as in the study's scikit-learn call (0 for a scenario with no disagree item on either side), averaged over scenarios; the 95% interval resamples whole scenarios (${data.options.bootstrap.resamples} resamples, seed ${data.options.bootstrap.seed}). F1 of agree: the same with "agree" the positive class; macro-F1 averages both classes per scenario; Cohen's kappa is pooled over items. Alignment distance (study): per (country, value) cell, |mean stated normalised score − mean share of negative choices| with both means over the cell's topics (likewise per topic over countries); item-level distance: |stated normalised score − share of negative choices| per item, then cell means. Heatmaps and rankings show the ${data.options.distance === "study" ? "study's" : "item-level"} distance. docs/measures.md defines every figure. Items without a Task-2 answer are ${data.options.missing === "exclude" ? "excluded (coverage shows how many)" : 'counted as "agree", the study authors\' convention'}. Every chart's numbers are in the table below it and in the CSV export.`,
      },
    ],
  };
}

function runDescription(model: ModelSection): string {
  const t1 = model.task1
    ? `Task 1: ${model.task1.records.toLocaleString("en-US")} answers (${model.task1.failed} unread), variants ${model.task1.variants.join(", ")}.`
    : "";
  const t2 = model.task2
    ? ` Task 2: ${model.task2.records.toLocaleString("en-US")} answers (${model.task2.failed} unread), variants ${model.task2.variants.join(", ")}.`
    : "";
  const source =
    model.source === "import-released"
      ? "imported from the study's released outputs"
      : model.source === "import-table"
        ? "imported from a table with a mapping file"
        : "a live run";
  const notes = model.notes.length > 0 ? ` Notes: ${model.notes.join("; ")}.` : "";
  return `Model ${model.model}, ${source} (${model.runDir}). ${t1}${t2}${notes}`;
}

function typeOf(data: ReportData, value: string): string {
  return data.grid.values.find((v) => v.name === value)?.type ?? "other";
}

function toCellData(data: ReportData, cells: readonly Cell[]): CellDatum[] {
  return cells.map((c) => ({
    row: c.row,
    value: c.value,
    type: typeOf(data, c.value),
    mean: c.mean,
    n: c.n,
  }));
}

/** Rows = values (catalog order, with their type), one column per heatmap row. */
function wideTable(
  id: string,
  title: string,
  data: ReportData,
  rows: readonly string[],
  cells: readonly CellDatum[],
): ReportTable {
  const lookup = new Map(cells.map((c) => [`${c.row}\u0000${c.value}`, c.mean]));
  const columns: Column[] = [col("value", "value"), col("type", "motivational type")];
  rows.forEach((r, i) => {
    columns.push(col(`r${i}`, r, "score"));
  });
  const tableRows: Row[] = [];
  for (const v of data.grid.values) {
    if (!cells.some((c) => c.value === v.name)) continue;
    const row: Row = { value: v.name, type: v.type };
    rows.forEach((r, i) => {
      row[`r${i}`] = lookup.get(`${r}\u0000${v.name}`) ?? null;
    });
    tableRows.push(row);
  }
  return { id, title, columns, rows: tableRows };
}

function pivot(
  id: string,
  title: string,
  kind: string,
  order: readonly string[],
  models: readonly ModelSection[],
  get: (m: ModelSection, name: string) => number | null,
): ReportTable {
  const columns: Column[] = [col("name", kind), ...models.map((m, i) => col(`m${i}`, m.id, "score"))];
  const rows = order.map((name) => {
    const row: Row = { name };
    models.forEach((m, i) => {
      row[`m${i}`] = get(m, name);
    });
    return row;
  });
  return { id, title, columns, rows };
}

function groupTable(id: string, title: string, kind: GroupKind, groups: ModelSection["groups"]): ReportTable {
  return {
    id,
    title,
    columns: [
      col("name", kind),
      col("alignmentRateStudy", "alignment rate (study: F1 of disagree)", "score"),
      col("alignmentRate", "F1 of agree", "score"),
      col("meanDistanceStudy", "distance (study)", "score"),
      col("meanDistance", "distance (item)", "score"),
      col("misaligned", "misaligned", "int"),
      col("comparable", "comparable items", "int"),
    ],
    rows: groups.map((g) => ({
      name: g.name,
      alignmentRateStudy: g.alignmentRateStudy,
      alignmentRate: g.alignmentRate,
      meanDistanceStudy: g.meanDistanceStudy,
      meanDistance: g.meanDistance,
      misaligned: g.misaligned,
      comparable: g.comparable,
    })),
  };
}

function topTable(
  id: string,
  title: string,
  kind: "country" | "topic",
  ranked: ModelSection["topMisaligned"],
  k: number,
): ReportTable {
  const columns: Column[] = [col("group", kind)];
  for (let i = 1; i <= k; i++) {
    columns.push(col(`v${i}`, `#${i} value`), col(`d${i}`, `#${i} distance`, "score"));
  }
  const byGroup = new Map<string, Row>();
  for (const r of ranked.filter((x) => x.kind === kind && x.rank <= k)) {
    const row = byGroup.get(r.group) ?? { group: r.group };
    row[`v${r.rank}`] = r.value;
    row[`d${r.rank}`] = r.distance;
    byGroup.set(r.group, row);
  }
  return { id, title, columns, rows: [...byGroup.values()] };
}

function examplesTable(id: string, model: ModelSection): ReportTable {
  return {
    id,
    title: `${model.id}: example misaligned items`,
    columns: [
      col("country", "country"),
      col("topic", "topic"),
      col("value", "value"),
      col("statedMean", "mean stated rating", "score"),
      col("statedStance", "stated"),
      col("actedStance", "acted"),
      col("negativeShare", "negative choices", "percent"),
      col("chosenAction", "chosen action"),
      col("otherAction", "other action"),
    ],
    rows: model.examples.map((e) => ({ ...e })),
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
