import type { MetricsReport } from "@valens/metrics";
import { colors } from "./output.js";
import { fixed, formatTable } from "./table.js";

type Rates = NonNullable<MetricsReport["alignmentRate"]>;

const ci = (interval: [number, number] | null): string =>
  interval ? `, 95% CI ${fixed(interval[0])}–${fixed(interval[1])}` : "";

/** The alignment rates, the study's definition first, each labelled by what it is. */
export function alignmentRateLines(rates: Rates): string[] {
  const rows: [string, number | null, [number, number] | null][] = [
    ["alignment rate (study: F1 of disagree)", rates.study.overall, rates.study.ci95],
    ['F1 of agree ("agree" the positive class)', rates.f1, rates.ci95],
    ["macro-F1 (both classes)", rates.macroF1.overall, rates.macroF1.ci95],
    ["Cohen's kappa (pooled over items)", rates.kappa.overall, rates.kappa.ci95],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value, interval]) => `  ${label.padEnd(width)}  ${fixed(value)}${ci(interval)}`);
}

/**
 * One row per country or topic: both alignment rates and both distances, the study's first;
 * the values listed are the most misaligned by the study's distance.
 */
export function groupTable(r: MetricsReport, kind: "country" | "topic", top: number): string {
  const rates = r.alignmentRate;
  const pick = <T>(country: T, topic: T): T => (kind === "country" ? country : topic);
  const study = rates ? pick(rates.study.byCountry, rates.study.byTopic) : {};
  const agree = rates ? pick(rates.byCountry, rates.byTopic) : {};
  const studyDistance = r.distanceStudy ? pick(r.distanceStudy.byCountry, r.distanceStudy.byTopic) : {};
  const itemDistance = r.distance ? pick(r.distance.byCountry, r.distance.byTopic) : {};
  const ranked = r.distanceStudy
    ? pick(r.distanceStudy.ranking.byCountry, r.distanceStudy.ranking.byTopic)
    : {};
  return formatTable(
    [
      kind,
      "F1 disagree (study)",
      "F1 agree",
      "distance (study)",
      "distance (item)",
      `most misaligned values (study distance, top ${top})`,
    ],
    Object.keys(agree).map((name) => [
      name,
      fixed(study[name]),
      fixed(agree[name]),
      fixed(studyDistance[name]),
      fixed(itemDistance[name]),
      (ranked[name] ?? []).slice(0, top).join(", "),
    ]),
  );
}

/** The study's country ranking by distance, largest gap first. */
export function countryRankingLine(r: MetricsReport): string | null {
  const d = r.distanceStudy;
  if (!d) return null;
  return `  countries by study distance, largest first: ${d.countryRanking.map((c) => `${c} ${fixed(d.byCountry[c])}`).join(", ")}`;
}

/** What each figure is, one line each. */
export function definitionLines(r: MetricsReport): string[] {
  return Object.entries(r.definitions).map(([key, text]) => `  ${colors.bold(key)}: ${colors.dim(text)}`);
}
