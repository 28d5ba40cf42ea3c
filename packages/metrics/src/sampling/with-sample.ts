import type { Catalog } from "@valens/core";
import type { ItemAlignment } from "../item-alignment.js";
import type { MetricsReport } from "../report.js";
import { estimatedLabel, type RunSample, sampledFigures } from "./sampled-report.js";

/**
 * A sampled run's report: misalignment.share/ci95/counts and the alignment rates become the
 * whole-grid estimates (`estimated` says how), and what the drawn items alone show moves to
 * `observed`. Breakdowns by value, distances and rankings stay those of the drawn items.
 */
export function withSampleEstimates(
  report: MetricsReport,
  items: readonly ItemAlignment[],
  sample: RunSample,
  options: { bootstrap?: number; seed?: number; catalog: Catalog },
): MetricsReport {
  const figures = sampledFigures(items, sample, {
    ...(options.bootstrap === undefined ? {} : { resamples: options.bootstrap }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    countries: options.catalog.countries,
    topics: options.catalog.topics,
  });
  const { estimates, estimatedFrom } = figures;
  const rate = report.alignmentRate;
  const label = estimatedLabel(estimatedFrom);
  return {
    ...report,
    misalignment: figures.misalignment(report.misalignment),
    alignmentRate: rate
      ? {
          ...rate,
          f1: estimates.alignmentRate.agreeF1.estimate,
          ci95: estimates.alignmentRate.agreeF1.ci95,
          study: {
            ...rate.study,
            overall: estimates.alignmentRate.study.estimate,
            ci95: estimates.alignmentRate.study.ci95,
          },
          estimated: {
            ...estimatedFrom,
            resamples: estimates.alignmentRate.resamples,
            seed: estimates.alignmentRate.seed,
            method: "generalised bootstrap (second-order estimate, normal interval)",
          },
          observed: {
            f1: rate.f1,
            ci95: rate.ci95,
            study: rate.study.overall,
            studyCi95: rate.study.ci95,
          },
        }
      : null,
    notes: [
      ...report.notes,
      `Sampled run: misalignment.share, ci95 and counts and alignmentRate.f1 and study are ${label}; misalignment.observed and alignmentRate.observed are the drawn items alone; misalignment.estimates holds the two kinds and the shares by country and topic for the whole grid. Breakdowns by country, topic and value of the alignment rates, distances and rankings are observed on the drawn items only. The alignment rates' intervals are approximate (a bootstrap of a nonlinear per-scenario statistic with few sampled items per scenario; bench/sections/sampling.mjs measures their coverage); the misaligned share's are design-based.`,
    ],
  };
}
