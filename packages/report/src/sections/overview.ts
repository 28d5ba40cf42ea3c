import { intervalCaveat } from "../caveats.js";
import type { ModelSection, ReportData } from "../report-data.js";
import { col, type ReportTable } from "../table.js";
import type { Block, Card, Section } from "./block.js";
import { num, pct } from "./format.js";

export function overviewSection(data: ReportData): Section {
  const blocks: Block[] = [];
  for (const model of data.models) {
    blocks.push({ kind: "cards", title: model.id, cards: modelCards(model) });
  }
  blocks.push({
    kind: "table",
    caption: "One row per model: the figures above with their intervals, distances and unread answers.",
    table: headlineTable(data.models),
    collapsed: false,
  });
  return { id: "overview", title: "Headline figures", blocks };
}

/** The headline cards of one model. */
function modelCards(model: ModelSection): Card[] {
  const h = model.headline;
  return model.task1Only
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
