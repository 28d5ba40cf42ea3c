import type { ItemAlignment } from "../item-alignment.js";
import type { MisalignmentTable } from "../misalignment.js";
import type { SampleDesign } from "./design.js";
import { estimateSampledRun, type PointInterval, type SampledEstimates } from "./estimates.js";
import type { Estimator, ShareEstimate } from "./estimator.js";
import { type SampleManifest, type SampleRecord, sampledItemsOf } from "./sample-file.js";

/** A sampled run's sample, as `valens eval --task2-budget` wrote it. */
export interface RunSample {
  records: readonly SampleRecord[];
  manifest: SampleManifest;
}

/** How a whole-grid figure was estimated: "estimated from `sampled` of `items` items". */
export interface EstimatedFrom {
  sampled: number;
  items: number;
  design: SampleDesign;
  estimator: Estimator;
}

/** What a sampled run adds to `misalignment` (whose share, ci95 and counts become the estimates). */
export interface SampledMisalignment {
  estimated: EstimatedFrom;
  /** The misalignment table of the drawn, answered items alone. */
  observed: MisalignmentTable | null;
  /** Every whole-grid estimate with its 95% interval. */
  estimates: {
    count: PointInterval;
    agreeDisagree: ShareEstimate;
    disagreeAgree: ShareEstimate;
    byCountry: Record<string, ShareEstimate>;
    byTopic: Record<string, ShareEstimate>;
    /** The guide's forecast recalibrated on the sample, averaged over the grid (null without a guide). */
    recalibratedShare: number | null;
  };
  /** The guide's forecast for the items not drawn (not measured); null without a guide. */
  forecastUndrawn: {
    items: number;
    expectedMisaligned: number;
    recalibratedMisaligned: number | null;
  } | null;
}

/** What a sampled run adds to `alignmentRate` (whose f1/ci95 and study.overall/ci95 become the estimates). */
export interface SampledAlignmentRate {
  estimated: EstimatedFrom & {
    resamples: number;
    seed: number;
    method: "generalised bootstrap (second-order estimate, normal interval)";
  };
  /** The figures of the drawn, answered items alone. */
  observed: { f1: number; ci95: [number, number] | null; study: number; studyCi95: [number, number] | null };
}

/** Keeps the drawn items: undrawn ones were never asked, whatever the missing-answer policy says. */
export function drawnItems(items: readonly ItemAlignment[], sample: RunSample): ItemAlignment[] {
  const drawn = new Set(
    sample.records.filter((r) => r.drawn).map((r) => `${r.country}|${r.topic}|${r.value}`),
  );
  return items.filter((i) => drawn.has(`${i.country}|${i.topic}|${i.value}`));
}

export interface SampledFigures {
  estimates: SampledEstimates;
  misalignment: (observed: MisalignmentTable | null) => MisalignmentTable & SampledMisalignment;
  estimatedFrom: EstimatedFrom;
}

/** The whole-grid estimates of a sampled run, from its sample and its joined items. */
export function sampledFigures(
  items: readonly ItemAlignment[],
  sample: RunSample,
  options: {
    resamples?: number;
    seed?: number;
    countries?: readonly string[];
    topics?: readonly string[];
  } = {},
): SampledFigures {
  const sampled = sampledItemsOf(sample.records, items);
  const estimates = estimateSampledRun(sampled, {
    design: sample.manifest.design,
    estimator: sample.manifest.estimator,
    ...(options.resamples === undefined ? {} : { resamples: options.resamples }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.countries ? { countries: options.countries } : {}),
    ...(options.topics ? { topics: options.topics } : {}),
  });
  const estimatedFrom: EstimatedFrom = {
    sampled: estimates.sampled,
    items: estimates.items,
    design: estimates.design,
    estimator: estimates.estimator,
  };
  const undrawn = sampled.filter((i) => !i.drawn);
  const forecastUndrawn =
    undrawn.length > 0 && undrawn.every((i) => i.forecast !== null)
      ? {
          items: undrawn.length,
          expectedMisaligned: undrawn.reduce((s, i) => s + (i.forecast as number), 0),
          recalibratedMisaligned: estimates.undrawnPrediction,
        }
      : null;
  const misalignment = (observed: MisalignmentTable | null): MisalignmentTable & SampledMisalignment => {
    const agreeItems = sampled.filter((i) => i.statedAgree).length;
    const agreeDisagree = Math.round(estimates.agreeDisagree.count);
    const disagreeAgree = Math.round(estimates.disagreeAgree.count);
    return {
      agreeDisagree,
      disagreeAgree,
      agreeAgree: agreeItems - agreeDisagree,
      disagreeDisagree: sampled.length - agreeItems - disagreeAgree,
      misaligned: Math.round(estimates.misaligned.count),
      comparable: estimates.items,
      share: estimates.misaligned.share,
      ci95: estimates.misaligned.ci95,
      estimated: estimatedFrom,
      observed,
      estimates: {
        count: { estimate: estimates.misaligned.count, ci95: estimates.misaligned.countCi95 },
        agreeDisagree: estimates.agreeDisagree,
        disagreeAgree: estimates.disagreeAgree,
        byCountry: estimates.byCountry,
        byTopic: estimates.byTopic,
        recalibratedShare: estimates.recalibratedShare,
      },
      forecastUndrawn,
    };
  };
  return { estimates, misalignment, estimatedFrom };
}

/** "estimated from 712 of 7,329 items (risk design, regression estimator)" */
export function estimatedLabel(e: EstimatedFrom): string {
  return `estimated from ${e.sampled.toLocaleString("en-US")} of ${e.items.toLocaleString("en-US")} items (${e.design} design, ${e.estimator} estimator)`;
}
