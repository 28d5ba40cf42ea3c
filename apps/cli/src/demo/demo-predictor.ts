import type { LoadedRun } from "@valens/core";
import { forecastRun, trainPredictor } from "@valens/gap-predictor";
import type { PredictorSection } from "@valens/report";
import { evaluationSection, forecastSection } from "../commands/predictor-section.js";

export interface DemoPredictorResult {
  dir: string;
  section: PredictorSection;
  summary: string;
}

/**
 * Trains a gap predictor on one run (a quarter of its items held out), saves it, and forecasts
 * another run's items from its Task-1 answers: the forecast can be checked against that run's
 * own Task 2.
 */
export async function demoPredictor(
  train: LoadedRun,
  target: LoadedRun,
  dir: string,
): Promise<DemoPredictorResult> {
  const trained = await trainPredictor({
    runs: [train],
    task: "gap",
    features: ["action"],
    split: { kind: "random", testFraction: 0.25 },
    seed: 1,
  });
  await trained.save(dir, { force: true });
  const name = "demo gap predictor";
  const evaluation = evaluationSection(trained.predictor, dir, name);
  const forecast = forecastSection(
    await forecastRun(trained.predictor, target),
    target.manifest.model.name,
    name,
    trained.predictor.card.threshold,
  );
  const heldOut = trained.report;
  const best = heldOut ? Object.entries(heldOut.baselines).sort((a, b) => b[1].f1 - a[1].f1)[0] : undefined;
  const predicted = forecast.items.filter((i) => i.probability >= forecast.threshold).length;
  const summary = [
    heldOut
      ? `held-out F1 ${heldOut.f1.toFixed(3)} (AUROC ${heldOut.auroc?.toFixed(3) ?? "-"}) on ${heldOut.n} items${best ? `; best baseline ${best[0]} F1 ${best[1].f1.toFixed(3)}` : ""}`
      : "no held-out items",
    `forecast for ${target.manifest.model.name}: ${predicted} of ${forecast.items.length} items predicted gaps -> ${dir}`,
  ].join("; ");
  return { dir, section: { evaluation, forecast }, summary };
}
