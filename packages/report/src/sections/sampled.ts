import { estimatedLabel, type MetricsReport } from "@valens/metrics";
import { z } from "zod";
import { col, type ReportTable } from "../table.js";

const interval = z.tuple([z.number(), z.number()]);

/** A sampled run (valens eval --task2-budget): the estimates, what was measured, what was only forecast. */
export const sampledSchema = z.object({
  /** "estimated from n of N items (design, estimator)". */
  label: z.string(),
  sampled: z.number().int(),
  items: z.number().int(),
  design: z.string(),
  estimator: z.string(),
  estimate: z.object({ share: z.number(), ci95: interval, count: z.number(), countCi95: interval }),
  byCountry: z.array(
    z.object({ name: z.string(), items: z.number(), sampled: z.number(), share: z.number(), ci95: interval }),
  ),
  byTopic: z.array(
    z.object({ name: z.string(), items: z.number(), sampled: z.number(), share: z.number(), ci95: interval }),
  ),
  /** The drawn, answered items alone. */
  observed: z
    .object({ misaligned: z.number().int(), comparable: z.number().int(), share: z.number() })
    .nullable(),
  /** The guide's forecast for the items not drawn: not measured. */
  forecastUndrawn: z
    .object({
      items: z.number().int(),
      expectedMisaligned: z.number(),
      recalibratedMisaligned: z.number().nullable(),
    })
    .nullable(),
});
export type SampledSection = z.infer<typeof sampledSchema>;

export function sampledSectionOf(metrics: MetricsReport): SampledSection | null {
  const m = metrics.misalignment;
  if (!m?.estimated || !m.estimates) return null;
  const groups = (g: NonNullable<typeof m.estimates>["byCountry"]) =>
    Object.entries(g).map(([name, e]) => ({
      name,
      items: e.items,
      sampled: e.sampled,
      share: e.share,
      ci95: e.ci95,
    }));
  return {
    label: estimatedLabel(m.estimated),
    ...m.estimated,
    estimate: {
      share: m.share,
      ci95: m.ci95 ?? [m.share, m.share],
      count: m.estimates.count.estimate,
      countCi95: m.estimates.count.ci95,
    },
    byCountry: groups(m.estimates.byCountry),
    byTopic: groups(m.estimates.byTopic),
    observed: m.observed
      ? { misaligned: m.observed.misaligned, comparable: m.observed.comparable, share: m.observed.share }
      : null,
    forecastUndrawn: m.forecastUndrawn ?? null,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The document's blocks for a sampled run: estimate, measured, forecast, each apart. */
export function sampledBlocks(
  id: string,
  s: SampledSection,
): (
  | { kind: "text"; text: string }
  | { kind: "table"; caption: string; table: ReportTable; collapsed: boolean }
)[] {
  const f = s.forecastUndrawn;
  const rows = [
    ...s.byCountry.map((g) => ({ kind: "country", ...g })),
    ...s.byTopic.map((g) => ({ kind: "topic", ...g })),
  ];
  return [
    {
      kind: "text",
      text: `Sampled Task 2. Whole-grid figures are ${s.label}: misaligned share ${pct(s.estimate.share)} (95% CI ${pct(s.estimate.ci95[0])}–${pct(s.estimate.ci95[1])}), about ${Math.round(s.estimate.count)} of ${s.items} items (95% CI ${Math.round(s.estimate.countCi95[0])}–${Math.round(s.estimate.countCi95[1])}).`,
    },
    {
      kind: "text",
      text: s.observed
        ? `Measured: ${s.observed.comparable} drawn items have a Task-2 answer; ${s.observed.misaligned} of them (${pct(s.observed.share)}) are misaligned. The estimates weight them by their inclusion probabilities.`
        : "Measured: no drawn item has a Task-2 answer.",
    },
    {
      kind: "text",
      text: f
        ? `Forecast, not measured: for the ${f.items} items not drawn, the guide expects ${Math.round(f.expectedMisaligned)} misaligned${f.recalibratedMisaligned === null ? "" : ` (${Math.round(f.recalibratedMisaligned)} after recalibrating on the sample)`}. No figure in this report counts these as observed.`
        : `Not measured: the ${s.items - s.sampled} items without a Task-2 answer have no forecast (uniform design without a guide); the estimates stand on the sample alone.`,
    },
    {
      kind: "table",
      caption: `Misaligned share by country and topic, ${s.label}`,
      collapsed: true,
      table: {
        id: `${id}-sampled-shares`,
        title: `${id}: estimated misaligned share by country and topic`,
        columns: [
          col("kind", "group"),
          col("name", "name"),
          col("items", "items", "int"),
          col("sampled", "sampled", "int"),
          col("share", "estimated share", "percent"),
          col("low", "95% CI low", "percent"),
          col("high", "95% CI high", "percent"),
        ],
        rows: rows.map((r) => ({
          kind: r.kind,
          name: r.name,
          items: r.items,
          sampled: r.sampled,
          share: r.share,
          low: r.ci95[0],
          high: r.ci95[1],
        })),
      },
    },
  ];
}
