import type { LoadedRun } from "@valens/core";
import type { PredictorSection } from "@valens/report";

export interface DemoPredictorResult {
  dir: string;
  section: PredictorSection;
  summary: string;
}

/**
 * Trains a gap predictor on one run and forecasts another. Returns null while @valens/gap-predictor
 * offers no training API (the demo then says so and the report has no predictor section).
 */
export async function demoPredictor(
  _train: LoadedRun,
  _forecast: LoadedRun,
  _dir: string,
): Promise<DemoPredictorResult | null> {
  return null;
}
