import { basename } from "node:path";
import { InputError, type LoadedRun } from "@valens/core";
import { type EvaluationReport, forecastRun, Predictor } from "@valens/gap-predictor";
import type { Forecast, PredictorEvaluation, PredictorSection } from "@valens/report";

const TARGETS = {
  gap: "whether a model acts against a value it states (a value-action gap)",
  choice: "which of an item's two actions a model chooses",
} as const;

/**
 * Loads a trained predictor (its card, files and checksums are checked) and turns it into the
 * report's plain predictor inputs: its held-out evaluation against the baselines and, for a gap
 * predictor, a forecast of `run`'s items.
 */
export async function loadPredictorSection(
  dir: string,
  run: LoadedRun | undefined,
): Promise<PredictorSection> {
  const predictor = await Predictor.load(dir);
  const name = basename(dir.replace(/[\\/]+$/, "")) || "predictor";
  let forecast: Forecast | null = null;
  if (run && predictor.task === "gap") {
    if (run.task1.length === 0) {
      throw new InputError("The gap forecast needs the run's Task-1 answers, and the first run has none", {
        file: run.dir,
        hint: "Put a run with Task 1 first, or drop --predictor",
      });
    }
    forecast = forecastSection(
      await forecastRun(predictor, run),
      run.manifest.model.name,
      name,
      predictor.card.threshold,
    );
  }
  return { evaluation: evaluationSection(predictor, dir, name), forecast };
}

export function evaluationSection(
  predictor: Predictor,
  dir: string,
  name: string,
): PredictorEvaluation | null {
  const card = predictor.card;
  const report: EvaluationReport | null = card.metrics.heldOut;
  if (report === null) return null;
  return {
    predictor: {
      name,
      target: TARGETS[card.task],
      dir,
      trainedOn: card.training.runs.map((r) => r.model).join(", "),
      features: card.features,
    },
    testSet: { size: report.n, description: card.training.splitDescription },
    scores: [
      { name, isBaseline: false, ...scores(report) },
      ...Object.entries(report.baselines).map(([baseline, m]) => ({
        name: `baseline: ${baseline}`,
        isBaseline: true,
        ...scores(m),
      })),
    ],
    confusion: null,
  };
}

export function forecastSection(
  forecast: Awaited<ReturnType<typeof forecastRun>>,
  model: string,
  predictor: string,
  threshold: number,
): Forecast {
  return {
    model,
    predictor,
    threshold: Math.min(1, Math.max(0, threshold)),
    items: forecast.items.map((i) => ({
      country: i.country,
      topic: i.topic,
      value: i.value,
      probability: i.probability,
      observed: i.observed,
    })),
  };
}

const scores = (m: {
  f1: number;
  accuracy: number;
  precision: number;
  recall: number;
  auroc: number | null;
}) => ({
  f1: m.f1,
  accuracy: m.accuracy,
  precision: m.precision,
  recall: m.recall,
  auroc: m.auroc,
});
