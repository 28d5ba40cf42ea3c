import type { ScoreRow } from "./predictor-input.js";

/**
 * Below this many scenarios a bootstrap interval over scenarios is too coarse to mean much:
 * a resample can only rearrange a handful of values (the study has 132).
 */
const MIN_SCENARIOS_FOR_INTERVAL = 10;

/** What an interval over `scenarios` resampled scenarios can bear, or null when it is fine. */
export function intervalCaveat(scenarios: number): string | null {
  return scenarios < MIN_SCENARIOS_FOR_INTERVAL
    ? `bootstrapped over only ${scenarios} scenario${scenarios === 1 ? "" : "s"}: too few for the interval to mean much`
    : null;
}

/**
 * How the predictor compares with its strongest baseline on F1 (and AUROC when both have it),
 * said plainly: a predictor that loses to a trivial rule should not be used in its place.
 */
export function predictorVerdict(scores: readonly ScoreRow[]): string | null {
  const predictor = scores.find((s) => !s.isBaseline);
  const baselines = scores.filter((s) => s.isBaseline);
  if (!predictor || baselines.length === 0) return null;
  const best = baselines.reduce((a, b) => (b.f1 > a.f1 ? b : a));
  const f1 = (x: number) => x.toFixed(3);
  if (predictor.f1 < best.f1) {
    return `The predictor loses to the baseline "${best.name}" on F1 (${f1(predictor.f1)} against ${f1(best.f1)}): on this test set the baseline's rule does better, so prefer it to the predictor.`;
  }
  const bestAuroc = baselines
    .filter((b) => b.auroc !== null)
    .reduce<ScoreRow | null>((a, b) => (a === null || (b.auroc ?? 0) > (a.auroc ?? 0) ? b : a), null);
  if (predictor.auroc !== null && bestAuroc?.auroc != null && predictor.auroc < bestAuroc.auroc) {
    return `The predictor beats every baseline on F1 (${f1(predictor.f1)} against ${f1(best.f1)} for "${best.name}") but loses to "${bestAuroc.name}" on AUROC (${f1(predictor.auroc)} against ${f1(bestAuroc.auroc)}).`;
  }
  return `The predictor beats its strongest baseline "${best.name}" on F1 (${f1(predictor.f1)} against ${f1(best.f1)}).`;
}
