import { intervalCaveat } from "../caveats.js";
import { type CellDatum, groupedHeatmap, intervalDots, type RateDatum, rateBars } from "../charts/specs.js";
import type { ModelSection, ReportData } from "../report-data.js";
import { type Column, col, type ReportTable, type Row } from "../table.js";
import type { Block, Section } from "./block.js";
import { typeOf, wideTable } from "./value-cells.js";

/** The models side by side: alignment rates, stated agreement, stated heatmap, rates by group. */
export function comparisonSection(data: ReportData): Section {
  const blocks: Block[] = [];
  const full = data.models.filter((m) => m.headline.alignmentRate !== null);
  const ids = data.models.map((m) => m.id);
  if (full.length > 0) blocks.push(alignmentByModel(full));
  const stated = statedAgreement(data, ids);
  if (stated) blocks.push(stated);
  const heatmap = statedHeatmap(data, ids);
  if (heatmap) blocks.push(heatmap);
  if (full.length > 1) {
    for (const kind of ["country", "topic"] as const) blocks.push(alignmentByGroup(data, full, kind));
  }
  return { id: "comparison", title: "Model comparison", blocks };
}

/** The caveat for intervals of models with few scenarios, as a sentence to append (or ""). */
function fewScenarios(models: readonly ModelSection[]): string {
  const few = models.filter((m) => intervalCaveat(m.headline.scenarios) !== null);
  return few.length === 0
    ? ""
    : ` ${few.map((m) => m.id).join(", ")}: intervals ${intervalCaveat(Math.max(...few.map((m) => m.headline.scenarios)))?.replace(/^bootstrapped/, "bootstrapped")}.`;
}

function alignmentByModel(full: readonly ModelSection[]): Block {
  const rows = full.map((m) => ({
    model: m.id,
    estimate: m.headline.alignmentRateStudy ?? 0,
    low: m.headline.alignmentRateStudyCi95?.[0] ?? null,
    high: m.headline.alignmentRateStudyCi95?.[1] ?? null,
    agreeF1: m.headline.alignmentRate,
  }));
  return {
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
  };
}

function statedAgreement(data: ReportData, ids: readonly string[]): Block | undefined {
  const statedRows: RateDatum[] = data.models.map((m) => ({
    name: m.id,
    model: m.id,
    rate: m.headline.statedAgreeShare,
  }));
  if (!statedRows.some((r) => r.rate !== null)) return undefined;
  return {
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
  };
}

function statedHeatmap(data: ReportData, ids: readonly string[]): Block | undefined {
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
  if (statedCells.length === 0) return undefined;
  return {
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
    table: wideTable("comparison-stated-by-value", "Stated score by model and value", data, ids, statedCells),
  };
}

function alignmentByGroup(data: ReportData, full: readonly ModelSection[], kind: "country" | "topic"): Block {
  const rows: RateDatum[] = [];
  for (const m of full) {
    for (const g of m.groups.filter((x) => x.kind === kind)) {
      rows.push({ name: g.name, model: m.id, rate: g.alignmentRateStudy });
    }
  }
  const order = kind === "country" ? data.grid.countries : data.grid.topics;
  return {
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
  };
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
