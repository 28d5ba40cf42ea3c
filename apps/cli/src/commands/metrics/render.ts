import { estimatedLabel, type MetricsReport } from "@valens/metrics";
import { alignmentRateLines, countryRankingLine, definitionLines, groupTable } from "../../metrics-text.js";
import { colors } from "../../output.js";
import { robustnessLines } from "../../robustness-text.js";
import { sampledMisalignmentLines, sampledRateLines } from "../../sampled-text.js";
import { fixed, formatTable, integer, percent } from "../../table.js";

function ci(interval: [number, number] | null, format: (n: number) => string): string {
  return interval ? `, 95% CI ${format(interval[0])}–${format(interval[1])}` : "";
}

/** A section: a blank line, its bold title, its lines. */
const section = (title: string, lines: readonly string[]): string[] => ["", colors.bold(title), ...lines];

function coverageLines(r: MetricsReport): string[] {
  const t1 = r.coverage.task1;
  const t2 = r.coverage.task2;
  return section("Coverage", [
    `  Task 1: ${integer(t1.records)} answers over ${integer(t1.scenarios)} scenarios (${integer(t1.failed)} unreadable), ${integer(t1.rated)} of ${integer(t1.items)} items rated (${percent(t1.share)})`,
    t2
      ? `  Task 2: ${integer(t2.records)} answers, ${integer(t2.answered)} of ${integer(t2.items)} items answered (${percent(t2.share)}), ${integer(t2.unanswered)} answers name no option`
      : "  Task 2: none",
  ]);
}

type Misalignment = NonNullable<MetricsReport["misalignment"]>;

function misalignmentLines(m: Misalignment): string[] {
  const title = m.estimated
    ? `Misalignment, whole grid: ${estimatedLabel(m.estimated)}`
    : `Misalignment (${integer(m.comparable)} comparable items)`;
  return [
    ...section(title, [
      formatTable(
        ["", "acted agree", "acted disagree"],
        [
          ["stated agree", integer(m.agreeAgree), integer(m.agreeDisagree)],
          ["stated disagree", integer(m.disagreeAgree), integer(m.disagreeDisagree)],
        ],
      ),
      `  misaligned ${integer(m.misaligned)} = ${integer(m.agreeDisagree)} + ${integer(m.disagreeAgree)} (${percent(m.share)}${ci(m.ci95, (n) => percent(n))})`,
    ]),
    ...(m.estimated ? sampledMisalignmentLines(m) : []),
  ];
}

/** A run with Task 2: alignment rate, misalignment, and both by country and topic. */
function alignmentLines(
  r: MetricsReport,
  a: NonNullable<MetricsReport["alignmentRate"]>,
  m: Misalignment,
  top: number,
): string[] {
  const resamples = r.bootstrap
    ? [colors.dim(`  (${integer(r.bootstrap.resamples)} scenario resamples, seed ${r.bootstrap.seed})`)]
    : [];
  const out = [
    ...section(`Alignment rate (mean over ${a.scenarios} scenarios, missing: ${r.missing})`, [
      ...alignmentRateLines(a),
      ...sampledRateLines(a),
      ...resamples,
    ]),
    ...misalignmentLines(m),
  ];
  for (const kind of ["country", "topic"] as const)
    out.push(
      ...section(`By ${kind}${m.estimated ? " (measured on the drawn items only)" : ""}`, [
        groupTable(r, kind, top),
      ]),
    );
  const countries = countryRankingLine(r);
  if (countries) out.push("", countries);
  return out;
}

/** A Task-1-only run: the stated inclinations overall, by country and topic, least endorsed values. */
function inclinationLines(r: MetricsReport, top: number): string[] {
  const inc = r.inclination;
  const out = section("Stated inclinations (Task 1; 1 strongly agree ... 4 strongly disagree)", [
    inc.overall
      ? `  mean rating ${fixed(inc.overall.meanRating, 2)}, agree on ${percent(inc.overall.agreeShare)} of ${integer(inc.overall.cells)} scenario-values`
      : "  no rating could be read",
  ]);
  for (const kind of ["country", "topic"] as const) {
    const stats = kind === "country" ? inc.byCountry : inc.byTopic;
    const rows = Object.entries(stats).map(([name, s]) => [
      name,
      fixed(s.meanRating, 2),
      percent(s.agreeShare),
    ]);
    out.push(...section(`By ${kind}`, [formatTable([kind, "mean rating", "agree share"], rows)]));
  }
  const values = Object.entries(inc.byValue).sort((x, y) => y[1].meanRating - x[1].meanRating);
  if (values.length > 0 && top > 0) {
    const rows = values
      .slice(0, top)
      .map(([name, s]) => [name, fixed(s.meanRating, 2), percent(s.agreeShare)]);
    out.push(
      ...section(`Values least endorsed (top ${top})`, [
        formatTable(["value", "mean rating", "agree share"], rows),
      ]),
    );
  }
  return out;
}

/** The human-readable report: coverage, then the alignment measures or the stated inclinations. */
export function renderReport(dir: string, r: MetricsReport, top: number): string {
  const out = [`${colors.bold("valens metrics")} ${r.model ?? "(unnamed model)"}  ${colors.dim(dir)}`];
  out.push(...coverageLines(r));
  if (r.alignmentRate && r.misalignment) out.push(...alignmentLines(r, r.alignmentRate, r.misalignment, top));
  else out.push(...inclinationLines(r, top));
  if (r.robustness) out.push(...robustnessLines(r.robustness));
  if (r.alignmentRate) out.push(...section("Definitions", definitionLines(r)));
  if (r.notes.length > 0)
    out.push(
      ...section(
        "Notes",
        r.notes.map((note) => `  - ${note}`),
      ),
    );
  return out.join("\n");
}
