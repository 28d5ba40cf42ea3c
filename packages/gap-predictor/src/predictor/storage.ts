import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  FormatVersionError,
  firstZodIssue,
  InputError,
  sha256Hex as sha256,
  writeDirectoryAtomic,
} from "@valens/core";
import { type Example, exampleSchema } from "../data/examples.js";
import { type StanceFlipLinear, stanceFlipLinearSchema } from "../model/stance-flip-linear.js";
import type { Tf } from "../tf/runtime.js";
import type * as TfModule from "../tf/tfjs.js";
import {
  PREDICTOR_FILES,
  PREDICTOR_FORMAT_VERSION,
  type PredictorCard,
  predictorCardSchema,
} from "./card.js";

function weightBytes(data: TfModule.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const buffers = Array.isArray(data) ? data : [data];
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out;
}

/** The layers model as model.json + weights.bin via an in-memory save handler: no backend-specific file:// handler. */
export async function serialiseModel(
  tf: Tf,
  model: TfModule.LayersModel,
): Promise<{ modelJson: string; weights: Uint8Array }> {
  let artifacts: TfModule.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  if (!artifacts) throw new Error("the model produced no artifacts");
  const modelJson = {
    format: "layers-model",
    generatedBy: artifacts.generatedBy,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [PREDICTOR_FILES.weights], weights: artifacts.weightSpecs ?? [] }],
  };
  return { modelJson: `${JSON.stringify(modelJson)}\n`, weights: weightBytes(artifacts.weightData) };
}

export interface PredictorFiles {
  card: Omit<PredictorCard, "files">;
  modelJson: string;
  weights: Uint8Array;
  heldOut: readonly Example[];
}

/** Writes the directory atomically: a sibling temporary directory replaces `dir` at the end. */
export async function writePredictorDir(
  dir: string,
  files: PredictorFiles,
  force = false,
): Promise<PredictorCard> {
  return writeDirectoryAtomic(dir, force, async (temporary) => {
    const heldOut =
      files.heldOut.map((e) => JSON.stringify(e)).join("\n") + (files.heldOut.length ? "\n" : "");
    const card: PredictorCard = predictorCardSchema.parse({
      ...files.card,
      files: {
        model: { bytes: Buffer.byteLength(files.modelJson), sha256: sha256(files.modelJson) },
        weights: { bytes: files.weights.byteLength, sha256: sha256(files.weights) },
        heldOut: { bytes: Buffer.byteLength(heldOut), sha256: sha256(heldOut) },
      },
    });
    await writeFile(join(temporary, PREDICTOR_FILES.model), files.modelJson);
    await writeFile(join(temporary, PREDICTOR_FILES.weights), files.weights);
    await writeFile(join(temporary, PREDICTOR_FILES.heldOut), heldOut);
    await writeFile(join(temporary, PREDICTOR_FILES.card), `${JSON.stringify(card, null, 2)}\n`);
    return card;
  });
}

const corrupt = (file: string, what: string) =>
  new InputError(`The predictor directory is damaged: ${what}`, {
    file,
    hint: "Train it again with `valens predictor train`, or copy the whole directory again",
  });

/** Reads and validates card.json, refusing other format versions before anything else. */
export async function readPredictorCard(dir: string): Promise<PredictorCard> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory())
    throw new InputError("The predictor path is a file, not a predictor directory", {
      file: dir,
      hint: "Give the directory `valens predictor train --out` wrote (it holds card.json)",
    });
  if (!info?.isDirectory()) {
    throw new InputError("The predictor directory does not exist", {
      file: dir,
      hint: "Create one with `valens predictor train ... --out <dir>`",
    });
  }
  const file = join(dir, PREDICTOR_FILES.card);
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) {
    throw new InputError("Not a valens predictor directory: card.json is missing", {
      file: dir,
      hint: "Point at a directory written by `valens predictor train`",
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, `card.json is not valid JSON (${(error as Error).message})`);
  }
  const header = json as { kind?: unknown; formatVersion?: unknown; valensVersion?: unknown };
  if (typeof json !== "object" || json === null || header.kind !== "valens-predictor") {
    throw new InputError('card.json is not a valens predictor card (kind is not "valens-predictor")', {
      file,
    });
  }
  if (header.formatVersion !== PREDICTOR_FORMAT_VERSION) {
    throw new FormatVersionError(
      `The predictor (written by valens ${String(header.valensVersion)})`,
      header.formatVersion,
      PREDICTOR_FORMAT_VERSION,
      { file, hint: "Train it again with this valens version, or use the valens version that wrote it" },
    );
  }
  const parsed = predictorCardSchema.safeParse(json);
  if (!parsed.success) {
    // Name the file and the field: a hand edit of card.json is the usual cause.
    const issue = firstZodIssue(parsed.error);
    throw corrupt(file, `card.json field ${issue.path} is invalid: ${issue.message}`);
  }
  return parsed.data;
}

async function readChecked(
  dir: string,
  name: string,
  ref: { bytes: number; sha256: string },
): Promise<Buffer> {
  const file = join(dir, name);
  const data = await readFile(file).catch(() => undefined);
  if (data === undefined) throw corrupt(dir, `${name} is missing`);
  if (data.byteLength !== ref.bytes) {
    throw corrupt(
      dir,
      `${name} has ${data.byteLength} bytes, the card says ${ref.bytes} (truncated or replaced)`,
    );
  }
  if (sha256(data) !== ref.sha256) throw corrupt(dir, `${name} does not match its checksum in card.json`);
  return data;
}

/** The logistic kind's model.json: the regression itself (weights.bin is empty). */
export function serialiseLinear(model: StanceFlipLinear): { modelJson: string; weights: Uint8Array } {
  return {
    modelJson: `${JSON.stringify({ format: LINEAR_FORMAT, model })}\n`,
    weights: new Uint8Array(0),
  };
}

const LINEAR_FORMAT = "valens-stance-flip-linear-v1";

/** Reads a logistic predictor's model.json, checked against the card. */
export async function readLinearModel(dir: string, card: PredictorCard): Promise<StanceFlipLinear> {
  const modelJson = await readChecked(dir, PREDICTOR_FILES.model, card.files.model);
  await readChecked(dir, PREDICTOR_FILES.weights, card.files.weights);
  let parsed: { format?: unknown; model?: unknown };
  try {
    parsed = JSON.parse(modelJson.toString("utf8"));
  } catch (error) {
    throw corrupt(dir, `model.json is not valid JSON (${(error as Error).message})`);
  }
  const model = stanceFlipLinearSchema.safeParse(parsed.model);
  if (parsed.format !== LINEAR_FORMAT || !model.success)
    throw corrupt(dir, `model.json is not a ${LINEAR_FORMAT} model`);
  return model.data;
}

/** Loads the model through an in-memory IOHandler, checking every file against the card first. */
export async function readPredictorModel(
  tf: Tf,
  dir: string,
  card: PredictorCard,
): Promise<TfModule.LayersModel> {
  const modelJson = await readChecked(dir, PREDICTOR_FILES.model, card.files.model);
  const weights = await readChecked(dir, PREDICTOR_FILES.weights, card.files.weights);
  let parsed: { modelTopology?: object; weightsManifest?: { weights: TfModule.io.WeightsManifestEntry[] }[] };
  try {
    parsed = JSON.parse(modelJson.toString("utf8"));
  } catch (error) {
    throw corrupt(dir, `model.json is not valid JSON (${(error as Error).message})`);
  }
  const specs = (parsed.weightsManifest ?? []).flatMap((group) => group.weights);
  const expected = specs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (!parsed.modelTopology || expected !== weights.byteLength) {
    throw corrupt(dir, `weights.bin holds ${weights.byteLength} bytes, model.json describes ${expected}`);
  }
  const weightData = weights.buffer.slice(
    weights.byteOffset,
    weights.byteOffset + weights.byteLength,
  ) as ArrayBuffer;
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: parsed.modelTopology, weightSpecs: specs, weightData }),
    );
  } catch (error) {
    throw corrupt(dir, `the model could not be rebuilt (${(error as Error).message})`);
  }
}

export async function readHeldOut(dir: string, card: PredictorCard): Promise<Example[]> {
  const data = await readChecked(dir, PREDICTOR_FILES.heldOut, card.files.heldOut);
  const lines = data
    .toString("utf8")
    .split("\n")
    .filter((l) => l.length > 0);
  return lines.map((line, i) => {
    const parsed = exampleSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw corrupt(dir, `heldout.jsonl line ${i + 1} is invalid`);
    return parsed.data;
  });
}
