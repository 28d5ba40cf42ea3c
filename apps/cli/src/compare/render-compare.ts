import type { ComparisonReport, ComparisonRow } from "@valens/metrics";
import { colors } from "../output.js";
import { fixed, formatTable, integer } from "../table.js";

/** Every row of the report: each pair's overall row, then its countries, topics and values. */
function allRows(report: ComparisonReport): ComparisonRow[] {
  return report.pairs.flatMap((p) => [p.overall, ...p.byCountry, ...p.byTopic, ...p.byValue]);
}

/** Significant rows first, then by the size of the misaligned-share difference (what McNemar tests). */
function bySignificance(rows: readonly ComparisonRow[]): ComparisonRow[] {
  return [...rows].sort(
    (x, y) =>
      Number(y.significant) - Number(x.significant) ||
      Math.abs(y.difference.misalignedShare.estimate) - Math.abs(x.difference.misalignedShare.estimate) ||
      x.mcnemar.pValue - y.mcnemar.pValue,
  );
}

const signed = (n: number): string => `${n >= 0 ? "+" : ""}${n.toFixed(3)}`;
const withCi = (e: { estimate: number; ci95: [number, number] | null }): string =>
  e.ci95 ? `${signed(e.estimate)} [${signed(e.ci95[0])}, ${signed(e.ci95[1])}]` : signed(e.estimate);
const pValue = (p: number): string => (p < 0.0001 ? "<0.0001" : p.toFixed(4));

function tableOf(rows: readonly ComparisonRow[], several: boolean): string {
  const header = [
    ...(several ? ["pair"] : []),
    "group",
    "items",
    "Δ alignment (study F1)",
    "Δ F1 agree",
    "Δ misaligned share",
    "b/c",
    "p",
    "p Holm",
    "q BH",
    "",
  ];
  return formatTable(
    header,
    rows.map((r) => [
      ...(several ? [`${r.a} → ${r.b}`] : []),
      r.kind === "overall" ? "overall" : `${r.kind}: ${r.name}`,
      integer(r.items),
      withCi(r.difference.alignmentRateStudy),
      withCi(r.difference.alignmentRateAgree),
      withCi(r.difference.misalignedShare),
      `${r.mcnemar.alignedOnlyA}/${r.mcnemar.alignedOnlyB}`,
      pValue(r.mcnemar.pValue),
      pValue(r.pHolm),
      pValue(r.qBH),
      r.significant ? "*" : "",
    ]),
  );
}

/** The terminal view: the runs, each pair's overall difference, then the largest significant group differences. */
export function renderCompare(report: ComparisonReport, top: number): string {
  const out: string[] = [];
  const several = report.pairs.length > 1;
  out.push(
    `${colors.bold("valens compare")} ${report.runs.map((r) => r.id).join(" vs ")}  ${colors.dim(
      `(${integer(report.bootstrap.resamples)} paired scenario resamples, seed ${report.bootstrap.seed}, missing: ${report.missing})`,
    )}`,
  );
  out.push("", colors.bold("Runs"));
  out.push(
    formatTable(
      ["id", "model", "comparable items", "dir"],
      report.runs.map((r) => [r.id, r.model, integer(r.comparableItems), r.dir]),
    ),
  );
  for (const pair of report.pairs) {
    const o = pair.overall;
    out.push(
      "",
      colors.bold(`${pair.a} → ${pair.b}`) +
        colors.dim(
          ` (${integer(pair.sharedItems)} shared items, ${pair.onlyA} only in ${pair.a}, ${pair.onlyB} only in ${pair.b})`,
        ),
    );
    out.push(
      formatTable(
        ["", pair.a, pair.b, "difference (b − a), 95% CI"],
        [
          [
            "alignment rate (study, F1 disagree)",
            fixed(o.runA.alignmentRateStudy),
            fixed(o.runB.alignmentRateStudy),
            withCi(o.difference.alignmentRateStudy),
          ],
          [
            "alignment rate (F1 agree)",
            fixed(o.runA.alignmentRateAgree),
            fixed(o.runB.alignmentRateAgree),
            withCi(o.difference.alignmentRateAgree),
          ],
          [
            "misaligned share",
            fixed(o.runA.misalignedShare),
            fixed(o.runB.misalignedShare),
            withCi(o.difference.misalignedShare),
          ],
        ],
      ),
    );
    out.push(
      `  exact McNemar on item alignment: ${o.mcnemar.alignedOnlyA} items aligned only in ${pair.a}, ${o.mcnemar.alignedOnlyB} only in ${pair.b}; p ${pValue(o.mcnemar.pValue)}${several ? `, Holm over pairs ${pValue(o.pHolm)}` : ""}${o.significant ? colors.bold(" (significant)") : ""}`,
    );
  }
  const groups = bySignificance(allRows(report).filter((r) => r.kind !== "overall"));
  const significant = groups.filter((r) => r.significant).length;
  out.push(
    "",
    colors.bold(
      `By country, topic and value: ${significant} of ${groups.length} differences significant (Holm p < ${report.alpha}); largest significant first`,
    ),
  );
  if (top > 0 && groups.length > 0) out.push(tableOf(groups.slice(0, top), several));
  if (groups.length > top)
    out.push(colors.dim(`  … ${groups.length - top} more rows (--top, --json or --csv for all)`));
  out.push(
    colors.dim(
      "  b/c: items aligned only in the first / only in the second run; p: exact McNemar; Holm and BH adjust each kind (country, topic, value) across pairs.",
    ),
  );
  if (report.notes.length > 0) {
    out.push("", colors.bold("Notes"));
    for (const note of report.notes) out.push(`  - ${note}`);
  }
  return out.join("\n");
}

/** CSV columns, one row per tested difference. */
export const COMPARE_CSV_COLUMNS = [
  "a",
  "b",
  "kind",
  "name",
  "scenarios",
  "items",
  "a_alignment_rate_study",
  "b_alignment_rate_study",
  "diff_alignment_rate_study",
  "diff_alignment_rate_study_low",
  "diff_alignment_rate_study_high",
  "a_alignment_rate_agree",
  "b_alignment_rate_agree",
  "diff_alignment_rate_agree",
  "diff_alignment_rate_agree_low",
  "diff_alignment_rate_agree_high",
  "a_misaligned_share",
  "b_misaligned_share",
  "diff_misaligned_share",
  "diff_misaligned_share_low",
  "diff_misaligned_share_high",
  "aligned_only_a",
  "aligned_only_b",
  "p_mcnemar",
  "p_holm",
  "q_bh",
  "significant",
] as const;

export function csvRows(report: ComparisonReport): Record<(typeof COMPARE_CSV_COLUMNS)[number], unknown>[] {
  return allRows(report).map((r) => {
    const d = r.difference;
    return {
      a: r.a,
      b: r.b,
      kind: r.kind,
      name: r.name ?? "",
      scenarios: r.scenarios,
      items: r.items,
      a_alignment_rate_study: r.runA.alignmentRateStudy,
      b_alignment_rate_study: r.runB.alignmentRateStudy,
      diff_alignment_rate_study: d.alignmentRateStudy.estimate,
      diff_alignment_rate_study_low: d.alignmentRateStudy.ci95?.[0] ?? "",
      diff_alignment_rate_study_high: d.alignmentRateStudy.ci95?.[1] ?? "",
      a_alignment_rate_agree: r.runA.alignmentRateAgree,
      b_alignment_rate_agree: r.runB.alignmentRateAgree,
      diff_alignment_rate_agree: d.alignmentRateAgree.estimate,
      diff_alignment_rate_agree_low: d.alignmentRateAgree.ci95?.[0] ?? "",
      diff_alignment_rate_agree_high: d.alignmentRateAgree.ci95?.[1] ?? "",
      a_misaligned_share: r.runA.misalignedShare,
      b_misaligned_share: r.runB.misalignedShare,
      diff_misaligned_share: d.misalignedShare.estimate,
      diff_misaligned_share_low: d.misalignedShare.ci95?.[0] ?? "",
      diff_misaligned_share_high: d.misalignedShare.ci95?.[1] ?? "",
      aligned_only_a: r.mcnemar.alignedOnlyA,
      aligned_only_b: r.mcnemar.alignedOnlyB,
      p_mcnemar: r.mcnemar.pValue,
      p_holm: r.pHolm,
      q_bh: r.qBH,
      significant: r.significant,
    };
  });
}
