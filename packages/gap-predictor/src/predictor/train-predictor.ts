import { existsSync } from "node:fs";
import { join } from "node:path";
import { InputError, type LoadedRun, RUN_FILES, sha256File, VALENS_VERSION } from "@valens/core";
import { type ActedTable, actedTable, saveActedTable, withOthers } from "../data/context.js";
import type { GapExample } from "../data/examples.js";
import { type Example, examplesFor, type Task } from "../data/examples.js";
import type { FeatureSchema } from "../data/features.js";
import { buildFeatureSchema, type FeatureGroup } from "../data/features.js";
import { buildLinearSpec } from "../data/linear.js";
import { describeSplit, type SplitSpec, splitExamples, validationSplit } from "../data/splits.js";
import { type BaselineParams, fitBaselines } from "../evaluation/baselines.js";
import { averagePrecision, bestF1Threshold, binaryMetrics } from "../evaluation/metrics.js";
import { defaultHyperparameters, type Hyperparameters } from "../model/build.js";
import { fitStanceFlipLinearTuned, gapProbabilitiesLinear } from "../model/stance-flip-linear.js";
import { defaultHashing, type HashingSettings } from "../text/hashing.js";
import { loadTf, type TfRuntime } from "../tf/runtime.js";
import { applyPlatt, fitPlatt, logit } from "../train/calibration.js";
import { trainModel } from "../train/train.js";
import type { EvaluationReport, KindSelection, PredictorCard } from "./card.js";
import { type EmbeddingSource, embedExamples } from "./embeddings.js";
import { Predictor } from "./predictor.js";
import { serialiseLinear, serialiseModel, writePredictorDir } from "./storage.js";

/** Interactions the logistic predictor adds when the other models' actions are known. */
const LOGISTIC_INTERACTIONS: [string, string][] = [
  ["others.logit", "stated.score"],
  ["stated.margin", "stated.margin"],
];
/** Hashed-text size per action for the logistic predictor. */
const LOGISTIC_TEXT_BUCKETS = 1 << 14;

/** The logistic kind: penalty by validation AP, Platt scaling and the F1 threshold on validation. */
function trainLogistic(schema: FeatureSchema, fit: GapExample[], validation: GapExample[]) {
  const spec = buildLinearSpec(fit, schema.numeric, {
    text: { buckets: LOGISTIC_TEXT_BUCKETS, parts: schema.groups },
    interactions: LOGISTIC_INTERACTIONS,
  });
  const { model } = fitStanceFlipLinearTuned(fit, validation, spec, undefined, false);
  const labels = validation.map((e) => e.label ?? 0);
  const raw = Float64Array.from(gapProbabilitiesLinear(model, validation), logit);
  const calibration = fitPlatt(raw, labels);
  const validationProbabilities = applyPlatt(calibration, raw);
  return {
    model,
    calibration,
    threshold: bestF1Threshold(validationProbabilities, labels),
    epochs: 0,
    bestEpoch: 0,
    classWeights: { negative: 1, positive: 1 },
    validationProbabilities,
  };
}

export interface TrainPredictorOptions {
  runs: readonly LoadedRun[];
  task: Task;
  /** Text groups beside the action text (attributions, explanation). */
  features: readonly FeatureGroup[];
  split: SplitSpec;
  seed: number;
  hyperparameters?: Partial<Hyperparameters>;
  hashing?: Partial<HashingSettings>;
  embeddings?: EmbeddingSource;
  /** Choice task: also read the item's other action (see textFieldsFor). */
  pairContext?: boolean;
  /**
   * "network" (default): the TensorFlow.js model. "logistic": a stance-flip logistic regression
   * on the same features (gap task only), its penalty chosen on the validation split. "auto":
   * both (gap task; the network alone for choice), the one with the higher validation AP kept.
   */
  kind?: PredictorKind | "auto";
  /** Bootstrap resamples for 95% intervals of the held-out metrics (0 or absent: none). */
  bootstrap?: number;
  onProgress?: (message: string) => void;
}

export type PredictorKind = "network" | "logistic";

export interface TrainedPredictor {
  predictor: Predictor;
  heldOut: Example[];
  /** Predictor and baselines on the held-out examples (null when nothing is held out). */
  report: EvaluationReport | null;
  /** Writes the predictor directory (model, card, held-out examples). */
  save(dir: string, options?: { force?: boolean }): Promise<PredictorCard>;
}

async function runHashes(run: LoadedRun): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of Object.values(RUN_FILES)) {
    const file = join(run.dir, name);
    if (existsSync(file)) out[name] = await sha256File(file);
  }
  return out;
}

/** Builds examples from the runs, splits, trains, calibrates, and evaluates with the baselines. */
export async function trainPredictor(options: TrainPredictorOptions): Promise<TrainedPredictor> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  if (options.runs.length === 0) throw new InputError("No run directories to train on");
  const hyper: Hyperparameters = { ...defaultHyperparameters, ...options.hyperparameters };
  const hashing: HashingSettings = { ...defaultHashing, ...options.hashing };
  const requested = requestedKind(options);
  const data = prepareExamples(options);
  const { train, test, spec } = data;
  // Validation mirrors the test: whole countries aside when the test is unseen countries.
  const byCountry = spec.kind === "study" || (spec.kind === "holdout" && spec.countries.length > 0);
  const { fit, validation } = validationSplit(train, hyper.validationFraction, options.seed, byCountry);
  const schema = buildFeatureSchema(options.task, options.features, train, options.pairContext ?? false);
  const baselines = fitBaselines(options.task, train, { fit, validation });
  const lookup = await embeddingLookup(options, schema, [...train, ...test], progress);
  const runtime = await loadTf();
  const fitKind = async (kind: PredictorKind) => {
    progress(
      `Training the ${options.task} predictor (${kind}) on ${fit.length} examples (validation ${validation.length}, held out ${test.length})${kind === "network" ? ` with the ${runtime.backend} backend` : ""}`,
    );
    return kind === "logistic"
      ? trainLogistic(schema, fit as GapExample[], validation as GapExample[])
      : await trainModel({
          tf: runtime.tf,
          schema,
          hashing,
          hyper,
          seed: options.seed,
          fit,
          validation,
          ...(lookup ? { embeddingsOf: lookup } : {}),
          onEpoch: (epoch, loss) => progress(`  epoch ${epoch}: validation loss ${loss.toFixed(4)}`),
        });
  };
  const { kind, trained, kindSelection } = await trainKind(
    requested,
    options.task,
    validation,
    fitKind,
    progress,
  );
  const card = await buildCard(
    options,
    { schema, hashing, hyper, kind, kindSelection, runtime, data, baselines, trained },
    {
      fit,
      validation,
    },
  );
  const predictor = new Predictor(runtime, card, trained.model);
  const report =
    test.length > 0
      ? await predictor.evaluate(test, {
          ...(options.embeddings ? { embeddings: options.embeddings } : {}),
          bootstrap: options.bootstrap ?? 0,
          seed: options.seed,
        })
      : null;
  card.metrics.heldOut = report;
  card.training.durationMs = Math.round(performance.now() - started);
  return {
    predictor,
    heldOut: test,
    report,
    async save(dir, saveOptions = {}) {
      const { modelJson, weights } =
        "spec" in trained.model
          ? serialiseLinear(trained.model)
          : await serialiseModel(runtime.tf, trained.model);
      const { files: _files, ...rest } = card;
      return writePredictorDir(
        dir,
        { card: rest, modelJson, weights, heldOut: test },
        saveOptions.force ?? false,
      );
    },
  };
}

/** Refuses a kind the task does not have (the logistic kind is for the gap task only). */
export function checkKindForTask(kind: PredictorKind | "auto", task: Task): void {
  if (kind === "logistic" && task !== "gap")
    throw new InputError("The logistic predictor is for the gap task", {
      hint: "Use --kind network (or auto) for --task choice",
    });
}

function requestedKind(options: TrainPredictorOptions): PredictorKind | "auto" {
  const requested = options.kind ?? "network";
  checkKindForTask(requested, options.task);
  return requested;
}

/**
 * The kind asked for, or with "auto" both kinds (the network alone for the choice task, which
 * has no logistic kind), the one with the higher AP on the validation split kept.
 */
async function trainKind<T extends { validationProbabilities: ArrayLike<number> }>(
  requested: PredictorKind | "auto",
  task: Task,
  validation: readonly Example[],
  fitKind: (kind: PredictorKind) => Promise<T>,
  progress: (message: string) => void,
): Promise<{ kind: PredictorKind; trained: T; kindSelection: KindSelection | null }> {
  if (requested !== "auto")
    return { kind: requested, trained: await fitKind(requested), kindSelection: null };
  const labels = validation.map((e) => e.label ?? 0);
  const network = await fitKind("network");
  const networkAp = averagePrecision(network.validationProbabilities, labels);
  if (task !== "gap")
    return {
      kind: "network",
      trained: network,
      kindSelection: { criterion: "validation AP", validationAp: { logistic: null, network: networkAp } },
    };
  const logistic = await fitKind("logistic");
  const logisticAp = averagePrecision(logistic.validationProbabilities, labels);
  const kind: PredictorKind = (logisticAp ?? 0) >= (networkAp ?? 0) ? "logistic" : "network";
  progress(
    `Kept the ${kind} kind: validation AP ${logisticAp?.toFixed(3) ?? "n/a"} logistic, ${networkAp?.toFixed(3) ?? "n/a"} network`,
  );
  return {
    kind,
    trained: kind === "logistic" ? logistic : network,
    kindSelection: { criterion: "validation AP", validationAp: { logistic: logisticAp, network: networkAp } },
  };
}

const PLACEHOLDER = { bytes: 0, sha256: "0".repeat(64) };

interface PreparedExamples {
  train: Example[];
  test: Example[];
  spec: SplitSpec;
  positives: number;
  /** The training models' actions per item, when the training runs hold several models. */
  acted: ActedTable | null;
}

/** Examples of every run, split, with the other training models' actions attached (gap task). */
function prepareExamples(options: TrainPredictorOptions): PreparedExamples {
  const examples = options.runs.flatMap((run) => examplesFor(options.task, run) as Example[]);
  const split = splitExamples(options.task, examples, options.split, options.seed);
  // The training models' actions on each item: a feature for every other model (never its own).
  const table = options.task === "gap" ? actedTable(split.train as GapExample[]) : null;
  const severalModels = table !== null && new Set([...table.values()].flatMap((r) => [...r.keys()])).size > 1;
  const acted = severalModels ? table : null;
  const attach = (list: Example[]): Example[] => (acted ? withOthers(list as GapExample[], acted) : list);
  const train = attach(split.train);
  const test = attach(split.test);
  const positives = train.filter((e) => e.label === 1).length;
  if (train.length === 0)
    throw new InputError("No labelled training examples: the split left nothing to train on");
  if (positives === 0 || positives === train.length) {
    const what = options.task === "gap" ? "misaligned items" : "chosen actions";
    throw new InputError(
      positives === 0
        ? `The training items contain no ${what}; there is nothing to learn`
        : `Every training example is positive (${what}); there is nothing to learn`,
      { hint: "Train on more runs or items (both classes must occur)" },
    );
  }
  return { train, test, spec: split.spec, positives, acted };
}

/** Sentence embeddings of the texts (and their dimension in the schema), when asked for. */
async function embeddingLookup(
  options: TrainPredictorOptions,
  schema: FeatureSchema,
  examples: Example[],
  progress: (message: string) => void,
): Promise<((e: Example, f: string) => readonly number[]) | undefined> {
  if (!options.embeddings) return undefined;
  progress(`Embedding texts with ${options.embeddings.ref}`);
  const embedded = await embedExamples(options.embeddings, schema.textFields, examples);
  schema.embeddings = {
    ref: options.embeddings.ref,
    baseUrl: options.embeddings.baseUrl,
    dimension: embedded.dimension,
    fields: schema.textFields,
  };
  return embedded.lookup;
}

async function trainingRuns(runs: readonly LoadedRun[]): Promise<PredictorCard["training"]["runs"]> {
  return Promise.all(
    runs.map(async (run) => ({ dir: run.dir, model: run.manifest.model.name, files: await runHashes(run) })),
  );
}

interface Trained {
  calibration: PredictorCard["calibration"];
  threshold: number;
  epochs: number;
  bestEpoch: number;
  classWeights: { negative: number; positive: number };
  validationProbabilities: ArrayLike<number>;
}

interface CardParts {
  schema: FeatureSchema;
  hashing: HashingSettings;
  hyper: Hyperparameters;
  kind: PredictorKind;
  kindSelection: KindSelection | null;
  runtime: TfRuntime;
  data: PreparedExamples;
  baselines: BaselineParams;
  trained: Trained;
}

/** The card of a freshly trained predictor (held-out metrics and duration filled in later). */
async function buildCard(
  options: TrainPredictorOptions,
  parts: CardParts,
  { fit, validation }: { fit: Example[]; validation: Example[] },
): Promise<PredictorCard> {
  const { data, trained } = parts;
  return {
    ...cardBase(options, parts),
    training: {
      runs: await trainingRuns(options.runs),
      split: data.spec,
      splitDescription: describeSplit(data.spec),
      examples: {
        train: data.train.length,
        fit: fit.length,
        validation: validation.length,
        heldOut: data.test.length,
        trainPositives: data.positives,
      },
      epochs: trained.epochs,
      bestEpoch: trained.bestEpoch,
      classWeights: trained.classWeights,
      durationMs: 0,
    },
    metrics: {
      validation: binaryMetrics(
        trained.validationProbabilities,
        validation.map((e) => e.label ?? 0),
        trained.threshold,
      ),
      heldOut: null,
    },
    // Files are filled in when saved; the in-memory predictor only needs the rest.
    files: { model: PLACEHOLDER, weights: PLACEHOLDER, heldOut: PLACEHOLDER },
  };
}

/** The card's fields that do not depend on the training bookkeeping. */
function cardBase(
  options: TrainPredictorOptions,
  parts: CardParts,
): Omit<PredictorCard, "files" | "metrics" | "training"> {
  const { schema, kind, runtime, data, trained } = parts;
  return {
    kind: "valens-predictor",
    formatVersion: 1,
    valensVersion: VALENS_VERSION,
    createdAt: new Date().toISOString(),
    task: options.task,
    features: schema.groups,
    hashing: parts.hashing,
    featureSchema: schema,
    hyperparameters: parts.hyper,
    seed: options.seed,
    modelKind: kind,
    kindSelection: parts.kindSelection,
    acted: data.acted ? saveActedTable(data.acted) : null,
    backend:
      kind === "logistic"
        ? { name: "js", notes: ["logistic regression in plain JavaScript"] }
        : { name: runtime.backend, notes: runtime.notes },
    calibration: trained.calibration,
    threshold: trained.threshold,
    baselines: parts.baselines,
  };
}
