import { InputError, readRun } from "@valens/core";
import { type EvaluationReport, examplesFor, Predictor } from "@valens/gap-predictor";
import { colors, printJson, printLine, status } from "../../output.js";
import { embeddingSource, intervalsTable, metricsTable, reportSummary } from "../predictor-shared.js";
import type { EvaluateOptions } from "./options.js";

/** One report, or one per model with --by-model. */
export interface EvaluateResult {
  predictor: Predictor;
  source: "held-out" | "runs";
  report: EvaluationReport | null;
  byModel: Record<string, EvaluationReport> | null;
}

async function examplesOf(predictor: Predictor, runDirs: readonly string[]) {
  if (runDirs.length === 0) {
    const heldOut = await predictor.heldOut();
    if (heldOut.length === 0)
      throw new InputError("The predictor held out no items at training time", {
        hint: "Pass run directories to evaluate on",
      });
    return heldOut;
  }
  const runs = await Promise.all(runDirs.map((runDir) => readRun(runDir)));
  return runs.flatMap((run) => examplesFor(predictor.task, run));
}

export async function runEvaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  const predictor = await Predictor.load(options.dir);
  const embeddings = await embeddingSource(
    options.embeddings ?? predictor.card.featureSchema.embeddings?.ref,
    options.baseUrl ?? predictor.card.featureSchema.embeddings?.baseUrl ?? undefined,
    options,
  );
  const source = options.runDirs.length === 0 ? "held-out" : "runs";
  const examples = await examplesOf(predictor, options.runDirs);
  const evaluateOptions = { ...(embeddings ? { embeddings } : {}), bootstrap: options.bootstrap ?? 0 };
  if (options.byModel)
    return {
      predictor,
      source,
      report: null,
      byModel: await predictor.evaluateByModel(examples, evaluateOptions),
    };
  return { predictor, source, report: await predictor.evaluate(examples, evaluateOptions), byModel: null };
}

const evaluatedOn = ({ predictor, source }: EvaluateResult, options: EvaluateOptions): string =>
  source === "held-out"
    ? `its held-out items (${predictor.card.training.splitDescription})`
    : options.runDirs.join(", ");

function printByModel(
  result: EvaluateResult,
  reports: Record<string, EvaluationReport>,
  options: EvaluateOptions,
) {
  const { predictor } = result;
  if (options.json) {
    printJson({
      source: result.source,
      backend: predictor.runtime.backend,
      predictor: options.dir,
      byModel: reports,
    });
    return;
  }
  printLine(
    `${colors.bold("Evaluated")} the ${predictor.task} predictor ${options.dir} per model on ${evaluatedOn(result, options)}`,
  );
  const trainedOn = predictor.trainingModels;
  for (const [model, report] of Object.entries(reports)) {
    printLine(
      `\n${colors.bold(model)}${trainedOn.includes(model) ? " (a training model)" : " (not a training model)"}: ${reportSummary(report)}`,
    );
    printLine(metricsTable(report));
    if (report.intervals) printLine(`\n${intervalsTable(report)}`);
  }
}

function printOne(result: EvaluateResult, report: EvaluationReport, options: EvaluateOptions) {
  const { predictor } = result;
  if (options.json) {
    printJson({
      ...report,
      source: result.source,
      backend: predictor.runtime.backend,
      predictor: options.dir,
    });
    return;
  }
  printLine(
    `${colors.bold("Evaluated")} the ${report.task} predictor ${options.dir} on ${evaluatedOn(result, options)}`,
  );
  printLine(
    `  ${reportSummary(report)}; backend ${predictor.runtime.backend}; threshold ${report.threshold.toFixed(3)}`,
  );
  if (report.unseenCategories > 0)
    status(
      colors.yellow(
        `note: ${report.unseenCategories} examples have a country, topic or value not seen in training`,
      ),
    );
  printLine(metricsTable(report));
  if (report.intervals) printLine(`\n${intervalsTable(report)}`);
}

export function printEvaluate(result: EvaluateResult, options: EvaluateOptions): void {
  if (result.byModel) printByModel(result, result.byModel, options);
  else if (result.report) printOne(result, result.report, options);
}
