import { InputError } from "@valens/core";
import { type ActedTable, loadActedTable, withOthers } from "../data/context.js";
import type { Example, GapExample, Task } from "../data/examples.js";
import { encode, labelsOf } from "../data/features.js";
import { baselineNamesOf, baselineScores, evaluateBaselines } from "../evaluation/baselines.js";
import { bootstrapIntervals } from "../evaluation/bootstrap.js";
import { binaryMetrics } from "../evaluation/metrics.js";
import { predictProbabilities } from "../model/build.js";
import { gapProbabilitiesLinear, type StanceFlipLinear } from "../model/stance-flip-linear.js";
import { loadTf, type TfRuntime } from "../tf/runtime.js";
import type * as TfModule from "../tf/tfjs.js";
import { applyPlatt, logit } from "../train/calibration.js";
import type { EvaluationReport, PredictorCard } from "./card.js";
import { type EmbeddingSource, embedExamples } from "./embeddings.js";
import { readHeldOut, readLinearModel, readPredictorCard, readPredictorModel } from "./storage.js";

const isNetwork = (model: TfModule.LayersModel | StanceFlipLinear): model is TfModule.LayersModel =>
  !("spec" in model && "bias" in model);

export interface PredictOptions {
  /** Required when the predictor was trained with sentence embeddings. */
  embeddings?: EmbeddingSource;
}

export interface EvaluateOptions extends PredictOptions {
  /** Bootstrap resamples for 95% intervals of AUROC, AP, F1 and Brier (0: none). */
  bootstrap?: number;
  seed?: number;
}

/** A trained predictor: the model, its card, and calibrated prediction. */
export class Predictor {
  private readonly acted: ActedTable | null;

  constructor(
    readonly runtime: TfRuntime,
    readonly card: PredictorCard,
    /** The network (modelKind "network") or the stance-flip regression ("logistic"). */
    readonly model: TfModule.LayersModel | StanceFlipLinear,
    /** Where it was loaded from, when it was. */
    readonly dir?: string,
  ) {
    this.acted = card.acted ? loadActedTable(card.acted) : null;
  }

  /** Models whose examples were trained on (a model held out with --holdout-models is not one). */
  get trainingModels(): string[] {
    const split = this.card.training.split;
    const held = split.kind === "models" ? split.models : [];
    return [...new Set(this.card.training.runs.map((r) => r.model))].filter((m) => !held.includes(m));
  }

  /**
   * Gap examples with the `others` feature filled from the training models' actions (leaving
   * out the example's own model) where it is not set yet; other examples unchanged.
   */
  prepare<E extends Example>(examples: readonly E[]): E[] {
    const acted = this.acted;
    if (acted === null) return [...examples];
    return examples.map((e) =>
      e.kind === "gap" && e.others === null ? (withOthers([e], acted)[0] as E) : e,
    );
  }

  get task(): Task {
    return this.card.task;
  }

  /** Loads and checks a predictor directory (card, version, file sizes and checksums, input shapes). */
  static async load(dir: string): Promise<Predictor> {
    const card = await readPredictorCard(dir);
    const runtime = await loadTf();
    if (card.modelKind === "logistic")
      return new Predictor(runtime, card, await readLinearModel(dir, card), dir);
    const model = await readPredictorModel(runtime.tf, dir, card);
    checkInputs(model, card, dir);
    return new Predictor(runtime, card, model, dir);
  }

  /** The labelled examples held out at training time (saved beside the model). */
  async heldOut(): Promise<Example[]> {
    if (!this.dir) throw new InputError("This predictor was not loaded from a directory");
    return readHeldOut(this.dir, this.card);
  }

  /** Calibrated probability per example: gap (item misaligned) or choice (action chosen). */
  async predict(input: readonly Example[], options: PredictOptions = {}): Promise<Float64Array> {
    const wrong = input.find((e) => e.kind !== this.task);
    if (wrong) {
      throw new InputError(`This predictor was trained for the ${this.task} task, not ${wrong.kind}`);
    }
    const examples = this.prepare(input);
    if (!isNetwork(this.model)) {
      const p = gapProbabilitiesLinear(this.model, examples as readonly GapExample[]);
      return applyPlatt(this.card.calibration, Float64Array.from(p, logit));
    }
    const schema = this.card.featureSchema;
    let lookup: ((e: Example, field: string) => readonly number[]) | undefined;
    if (schema.embeddings) {
      if (!options.embeddings) {
        throw new InputError(`This predictor uses sentence embeddings from ${schema.embeddings.ref}`, {
          hint: `Pass --embeddings ${schema.embeddings.ref}${schema.embeddings.baseUrl ? ` --base-url ${schema.embeddings.baseUrl}` : ""}`,
        });
      }
      const embedded = await embedExamples(options.embeddings, schema.embeddings.fields, examples);
      if (embedded.dimension !== schema.embeddings.dimension && examples.length > 0) {
        throw new InputError(
          `The embeddings have ${embedded.dimension} dimensions; the predictor was trained on ${schema.embeddings.dimension}`,
          { hint: `Use the same embeddings model as in training (${schema.embeddings.ref})` },
        );
      }
      lookup = embedded.lookup;
    }
    const batch = encode(schema, this.card.hashing, examples, lookup);
    const raw = await predictProbabilities(this.runtime.tf, this.model, batch, schema, this.card.hashing);
    return applyPlatt(this.card.calibration, Float64Array.from(raw, logit));
  }

  /** Predictor and baselines (fitted at training time) on labelled examples. */
  async evaluate(examples: readonly Example[], options: EvaluateOptions = {}): Promise<EvaluationReport> {
    const labelled = this.prepare(examples.filter((e) => e.label !== null));
    if (labelled.length === 0) {
      throw new InputError("No labelled examples to evaluate on", {
        hint:
          this.task === "gap"
            ? "The runs need Task 1 and Task 2 answers for the same items"
            : "The runs need Task 2 answers",
      });
    }
    const probabilities = await this.predict(labelled, options);
    const labels = labelsOf(labelled);
    const report: EvaluationReport = {
      task: this.task,
      ...binaryMetrics(probabilities, labels, this.card.threshold),
      baselines: evaluateBaselines(this.card.baselines, labelled),
      unseenCategories: countUnseen(this.card, labelled),
    };
    const resamples = options.bootstrap ?? 0;
    if (resamples > 0) {
      const scored = [
        { name: "predictor", scores: probabilities, threshold: this.card.threshold },
        ...baselineNamesOf(this.card.baselines).map((name) => ({
          name,
          scores: baselineScores(this.card.baselines, name, labelled),
          threshold: this.card.baselines.thresholds[name] ?? 0.5,
        })),
      ];
      const intervals = bootstrapIntervals(scored, labels, resamples, options.seed ?? 1);
      const { predictor, ...baselines } = intervals;
      report.intervals = { resamples, predictor: predictor ?? {}, baselines };
    }
    return report;
  }

  /**
   * One report per model of the examples (their `model`), each with the baselines the card
   * holds: fitted at training time on the training items and models only.
   */
  async evaluateByModel(
    examples: readonly Example[],
    options: EvaluateOptions = {},
  ): Promise<Record<string, EvaluationReport>> {
    const models = [...new Set(examples.filter((e) => e.label !== null).map((e) => e.model))].sort();
    const out: Record<string, EvaluationReport> = {};
    for (const model of models) {
      out[model || "(unnamed)"] = await this.evaluate(
        examples.filter((e) => e.model === model),
        options,
      );
    }
    return out;
  }
}

function countUnseen(card: PredictorCard, examples: readonly Example[]): number {
  const vocabularies = card.featureSchema.categorical
    .filter((c) => ["country", "topic", "value"].includes(c.name))
    .map((c) => [c.name, new Set(c.vocabulary)] as const);
  return examples.filter((e) =>
    vocabularies.some(
      ([name, vocabulary]) => !vocabulary.has(String((e as unknown as Record<string, unknown>)[name])),
    ),
  ).length;
}

/** The saved network must take exactly the inputs the card's feature schema describes. */
function checkInputs(model: TfModule.LayersModel, card: PredictorCard, dir: string): void {
  const s = card.featureSchema;
  const expected: [string, number][] = [];
  if (s.textFields.length > 0) expected.push(["text", s.textFields.length * card.hashing.maxTokens]);
  if (s.categorical.length > 0) expected.push(["categories", s.categorical.length]);
  if (s.numeric.length > 0) expected.push(["numeric", s.numeric.length]);
  if (s.embeddings)
    expected.push(["sentence_embeddings", s.embeddings.dimension * s.embeddings.fields.length]);
  if (s.output === "stance-flip") expected.push(["stance_sign", 1], ["stance_offset", 1]);
  // tfjs suffixes names made twice in one process ("text_3"), so match the base name.
  const actual = model.inputs.map(
    (input) => [input.name.replace(/:\d+$/, ""), input.shape[1] ?? -1] as const,
  );
  const same =
    actual.length === expected.length &&
    actual.every(
      ([name, width], i) =>
        (name === expected[i]?.[0] || name.replace(/_\d+$/, "") === expected[i]?.[0]) &&
        width === expected[i]?.[1],
    );
  if (!same) {
    throw new InputError(
      `The model's inputs (${actual.map(([n, w]) => `${n}[${w}]`).join(", ")}) do not match the card's feature schema (${expected.map(([n, w]) => `${n}[${w}]`).join(", ")})`,
      {
        file: dir,
        hint: "model.json and card.json come from different trainings; train the predictor again",
      },
    );
  }
}
