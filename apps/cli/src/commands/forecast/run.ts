import { InputError, type Item, itemKey, readRun, UsageError } from "@valens/core";
import { forecastRun, Predictor } from "@valens/gap-predictor";
import { readRunSample } from "@valens/metrics";
import { embeddingSource } from "../predictor-shared.js";
import type { ForecastOptions } from "./options.js";

export interface ForecastResult {
  model: string;
  /** The run's model is not one the predictor was trained on (a zero-shot forecast). */
  unseenModel: boolean;
  backend: string;
  forecast: Awaited<ReturnType<typeof forecastRun>>;
}

export async function runForecast(options: ForecastOptions): Promise<ForecastResult> {
  if (options.json && options.csv) throw UsageError.conflict("--json", "--csv");
  const predictor = await Predictor.load(options.dir);
  const run = await readRun(options.runDir);
  // A forecast ranks the run's actions; a task-1-only import has none.
  if (run.actions.length === 0)
    throw new InputError("The run has no actions to forecast (it was imported from task-1 files only)", {
      file: options.runDir,
      hint: "Forecast a run made with a dataset (`valens eval --dataset ...`), or import it with --via",
    });
  const embeddings = await embeddingSource(
    options.embeddings ?? predictor.card.featureSchema.embeddings?.ref,
    options.baseUrl ?? predictor.card.featureSchema.embeddings?.baseUrl ?? undefined,
    options,
  );
  // A sampled run (valens eval --task2-budget): each answered item counts 1 / its inclusion
  // probability, so a risk-guided sample is not taken for the whole grid.
  const sample = await readRunSample(options.runDir, run.manifest);
  const inclusion = new Map(sample?.records.map((r) => [itemKey(r), r.inclusion]) ?? []);
  const forecast = await forecastRun(predictor, run, {
    ...(embeddings ? { embeddings } : {}),
    recalibrate: options.recalibrate ? "auto" : false,
    ...(sample ? { weightOf: (item: Item) => 1 / (inclusion.get(itemKey(item)) ?? 1) } : {}),
  });
  const model = run.manifest.model.name;
  return {
    model,
    unseenModel: !predictor.trainingModels.includes(model),
    backend: predictor.runtime.backend,
    forecast,
  };
}
