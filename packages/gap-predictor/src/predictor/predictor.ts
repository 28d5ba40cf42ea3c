import type * as TfModule from "@tensorflow/tfjs";
import { InputError } from "@valens/core";
import type { Example, Task } from "../data/examples.js";
import { encode, labelsOf } from "../data/features.js";
import { evaluateBaselines } from "../evaluation/baselines.js";
import { binaryMetrics } from "../evaluation/metrics.js";
import { predictProbabilities } from "../model/build.js";
import { loadTf, type TfRuntime } from "../tf/runtime.js";
import { applyPlatt, logit } from "../train/calibration.js";
import type { EvaluationReport, PredictorCard } from "./card.js";
import { type EmbeddingSource, embedExamples } from "./embeddings.js";
import { readHeldOut, readPredictorCard, readPredictorModel } from "./storage.js";

export interface PredictOptions {
  /** Required when the predictor was trained with sentence embeddings. */
  embeddings?: EmbeddingSource;
}

/** A trained predictor: the model, its card, and calibrated prediction. */
export class Predictor {
  constructor(
    readonly runtime: TfRuntime,
    readonly card: PredictorCard,
    readonly model: TfModule.LayersModel,
    /** Where it was loaded from, when it was. */
    readonly dir?: string,
  ) {}

  get task(): Task {
    return this.card.task;
  }

  /** Loads and checks a predictor directory (card, version, file sizes and checksums, input shapes). */
  static async load(dir: string): Promise<Predictor> {
    const card = await readPredictorCard(dir);
    const runtime = await loadTf();
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
  async predict(examples: readonly Example[], options: PredictOptions = {}): Promise<Float64Array> {
    const wrong = examples.find((e) => e.kind !== this.task);
    if (wrong) {
      throw new InputError(`This predictor was trained for the ${this.task} task, not ${wrong.kind}`);
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
  async evaluate(examples: readonly Example[], options: PredictOptions = {}): Promise<EvaluationReport> {
    const labelled = examples.filter((e) => e.label !== null);
    if (labelled.length === 0) {
      throw new InputError("No labelled examples to evaluate on", {
        hint:
          this.task === "gap"
            ? "The runs need Task 1 and Task 2 answers for the same items"
            : "The runs need Task 2 answers",
      });
    }
    const probabilities = await this.predict(labelled, options);
    return {
      task: this.task,
      ...binaryMetrics(probabilities, labelsOf(labelled), this.card.threshold),
      baselines: evaluateBaselines(this.card.baselines, labelled),
      unseenCategories: countUnseen(this.card, labelled),
    };
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
