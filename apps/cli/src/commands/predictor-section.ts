import { stat } from "node:fs/promises";
import { InputError, type LoadedRun } from "@valens/core";
import type { PredictorSection } from "@valens/report";

/**
 * Evaluates a trained gap predictor and forecasts the first run's items, as the report's plain
 * predictor inputs.
 */
export async function loadPredictorSection(
  dir: string,
  _run: LoadedRun | undefined,
): Promise<PredictorSection> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new InputError("Unknown predictor: the directory does not exist", {
      file: dir,
      hint: "Train one with `valens predictor train --out <dir>`",
    });
  }
  throw new InputError("Unknown predictor: this valens build cannot read gap predictors yet", { file: dir });
}
