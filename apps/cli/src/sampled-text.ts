import { estimatedLabel, type MetricsReport, type ShareEstimate } from "@valens/metrics";
import { colors } from "./output.js";
import { formatTable, integer, percent } from "./table.js";

type Misalignment = NonNullable<MetricsReport["misalignment"]>;

const interval = (ci: readonly [number, number]) => `${percent(ci[0])} – ${percent(ci[1])}`;
const count = (n: number) => integer(Math.round(n));

/**
 * A sampled run's misalignment: the whole-grid estimates (labelled "estimated from n of N"),
 * then what the drawn items showed, then the guide's forecast for the items not drawn, each
 * under its own heading so a forecast is never read as a measurement.
 */
export function sampledMisalignmentLines(m: Misalignment): string[] {
  const estimated = m.estimated;
  const estimates = m.estimates;
  if (!estimated || !estimates) return [];
  const out: string[] = [];
  const heading = (text: string) => out.push("", colors.bold(text));
  out.push(
    `  estimated misaligned count ${count(estimates.count.estimate)} of ${integer(m.comparable)} items, 95% CI ${count(estimates.count.ci95[0])} – ${count(estimates.count.ci95[1])}`,
    `  stated agree, acted disagree ≈ ${count(estimates.agreeDisagree.count)} (${percent(estimates.agreeDisagree.share)} of ${integer(estimates.agreeDisagree.items)} stated-agree items, 95% CI ${interval(estimates.agreeDisagree.ci95)})`,
    `  stated disagree, acted agree ≈ ${count(estimates.disagreeAgree.count)} (${percent(estimates.disagreeAgree.share)} of ${integer(estimates.disagreeAgree.items)} stated-disagree items, 95% CI ${interval(estimates.disagreeAgree.ci95)})`,
  );
  for (const [kind, groups] of [
    ["country", estimates.byCountry],
    ["topic", estimates.byTopic],
  ] as const) {
    heading(`Misaligned share by ${kind}, whole grid (${estimatedLabel(estimated)})`);
    out.push(groupShares(kind, groups));
  }
  heading(`Measured: the ${integer(estimated.sampled)} drawn items with a Task-2 answer`);
  const o = m.observed;
  out.push(
    o
      ? `  misaligned ${integer(o.misaligned)} of ${integer(o.comparable)} (${percent(o.share)}) = ${integer(o.agreeDisagree)} stated agree / acted disagree + ${integer(o.disagreeAgree)} stated disagree / acted agree (weighted by design in the estimates above)`
      : "  no drawn item was answered",
  );
  const f = m.forecastUndrawn;
  heading(
    `Forecast, not measured: the ${integer(estimated.items - estimated.sampled)} items without a Task-2 answer`,
  );
  out.push(
    f
      ? `  the guide expects ${count(f.expectedMisaligned)} misaligned of the ${integer(f.items)} undrawn items${f.recalibratedMisaligned === null ? "" : `; recalibrated on the sample, ${count(f.recalibratedMisaligned)}`}${estimates.recalibratedShare === null ? "" : ` (recalibrated share of the whole grid ${percent(estimates.recalibratedShare)})`}`
      : "  no guide forecast (uniform design without --guide)",
  );
  return out;
}

function groupShares(kind: string, groups: Record<string, ShareEstimate>): string {
  return formatTable(
    [kind, "items", "sampled", "misaligned share", "95% CI"],
    Object.entries(groups).map(([name, g]) => [
      name,
      integer(g.items),
      integer(g.sampled),
      percent(g.share),
      interval(g.ci95),
    ]),
  );
}

type Rates = NonNullable<MetricsReport["alignmentRate"]>;

/** Under the alignment rates of a sampled run: how they were estimated, and what the drawn items showed. */
export function sampledRateLines(a: Rates): string[] {
  const e = a.estimated;
  const o = a.observed;
  if (!e || !o) return [];
  return [
    colors.dim(
      `  (study and F1 of agree ${estimatedLabel(e)}, 95% intervals from a ${e.method} of the sample, ${integer(e.resamples)} resamples; macro-F1 and kappa are of the drawn items)`,
    ),
    colors.dim(
      `  measured on the drawn items alone: study ${o.study.toFixed(3)}, F1 of agree ${o.f1.toFixed(3)}`,
    ),
  ];
}
