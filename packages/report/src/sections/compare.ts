import type { ComparisonReport, ComparisonRow } from "@valens/metrics";
import { type ForestDatum, forestPlot } from "../charts/forest-plot.js";
import { col, type ReportTable } from "../table.js";
import type { Block, Section } from "./block.js";

const MEASURES = [
  ["alignmentRateStudy", "alignment rate (study, F1 disagree)"],
  ["alignmentRateAgree", "alignment rate (F1 agree)"],
  ["misalignedShare", "misaligned share"],
] as const;

const label = (r: ComparisonRow): string => (r.kind === "overall" ? "overall" : `${r.kind}: ${r.name}`);

/**
 * The paired tests between runs (valens compare): a forest plot of the differences overall, per
 * country, per topic and for the values whose difference is significant, then every row.
 */
export function compareSection(report: ComparisonReport): Section {
  const several = report.pairs.length > 1;
  // With several pairs, rows are prefixed by run numbers ("1→2"), named in the caption: full ids would not fit.
  const number = new Map(report.runs.map((run, i) => [run.id, i + 1]));
  const legend = several ? ` Runs: ${report.runs.map((run, i) => `${i + 1} = ${run.id}`).join(", ")}.` : "";
  const rows = report.pairs.flatMap((p) => [p.overall, ...p.byCountry, ...p.byTopic, ...p.byValue]);
  const plotted = rows.filter((r) => r.kind !== "value" || r.significant);
  const data: ForestDatum[] = plotted.flatMap((r) =>
    MEASURES.map(([key, measure]) => ({
      label: several ? `${number.get(r.a)}→${number.get(r.b)} · ${label(r)}` : label(r),
      measure,
      estimate: r.difference[key].estimate,
      low: r.difference[key].ci95?.[0] ?? null,
      high: r.difference[key].ci95?.[1] ?? null,
      series: r.significant ? "significant" : "not significant",
    })),
  );
  const shared = report.pairs
    .map(
      (p) =>
        `${p.a} → ${p.b}: ${p.sharedItems.toLocaleString("en-US")} shared items (${p.onlyA} only in ${p.a}, ${p.onlyB} only in ${p.b})`,
    )
    .join("; ");
  const blocks: Block[] = [
    {
      kind: "text",
      text: `Differences are the second run minus the first, on the items comparable in both (${shared}). Intervals: paired percentile bootstrap over scenarios (${report.bootstrap.resamples.toLocaleString("en-US")} resamples, seed ${report.bootstrap.seed}). Test: exact McNemar on item-level alignment; Holm-adjusted p and Benjamini-Hochberg q over each kind of row across pairs.`,
    },
    {
      kind: "figure",
      id: "compare-forest",
      title: "Paired differences between runs",
      caption: `Differences (b − a) with 95% paired bootstrap intervals: overall, per country, per topic, and the values whose difference is significant (Holm-adjusted p < 0.05); every value is in the table.${legend}`,
      spec: forestPlot({
        data,
        measures: MEASURES.map(([, m]) => m),
        seriesTitle: "McNemar (Holm)",
        series: ["significant", "not significant"],
        axisTitle: "difference (b − a), 95% CI",
        zeroRule: true,
      }),
      table: compareTable(rows),
    },
  ];
  for (const note of report.notes) blocks.push({ kind: "text", text: note });
  return { id: "paired-tests", title: "Paired tests between runs", blocks };
}

function compareTable(rows: readonly ComparisonRow[]): ReportTable {
  return {
    id: "compare-differences",
    title: "Paired differences between runs",
    columns: [
      col("a", "run a"),
      col("b", "run b"),
      col("kind", "kind"),
      col("name", "group"),
      col("items", "shared items", "int"),
      col("study", "Δ alignment (study)", "score"),
      col("studyLow", "CI low", "score"),
      col("studyHigh", "CI high", "score"),
      col("agree", "Δ F1 agree", "score"),
      col("agreeLow", "CI low", "score"),
      col("agreeHigh", "CI high", "score"),
      col("share", "Δ misaligned share", "score"),
      col("shareLow", "CI low", "score"),
      col("shareHigh", "CI high", "score"),
      col("onlyA", "aligned only in a", "int"),
      col("onlyB", "aligned only in b", "int"),
      col("p", "p (McNemar)", "score"),
      col("pHolm", "p Holm", "score"),
      col("qBH", "q BH", "score"),
    ],
    rows: rows.map((r) => ({
      a: r.a,
      b: r.b,
      kind: r.kind,
      name: r.name ?? "overall",
      items: r.items,
      study: r.difference.alignmentRateStudy.estimate,
      studyLow: r.difference.alignmentRateStudy.ci95?.[0] ?? null,
      studyHigh: r.difference.alignmentRateStudy.ci95?.[1] ?? null,
      agree: r.difference.alignmentRateAgree.estimate,
      agreeLow: r.difference.alignmentRateAgree.ci95?.[0] ?? null,
      agreeHigh: r.difference.alignmentRateAgree.ci95?.[1] ?? null,
      share: r.difference.misalignedShare.estimate,
      shareLow: r.difference.misalignedShare.ci95?.[0] ?? null,
      shareHigh: r.difference.misalignedShare.ci95?.[1] ?? null,
      onlyA: r.mcnemar.alignedOnlyA,
      onlyB: r.mcnemar.alignedOnlyB,
      p: r.mcnemar.pValue,
      pHolm: r.pHolm,
      qBH: r.qBH,
    })),
  };
}
