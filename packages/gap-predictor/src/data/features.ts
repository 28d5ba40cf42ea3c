import { z } from "zod";
import { type HashingSettings, hashText } from "../text/hashing.js";
import { type Example, type GapExample, TASK1_VARIANTS, type Task } from "./examples.js";

/** Optional text groups, as in the study's ablation; the action text is always used. */
export const featureGroupSchema = z.enum(["action", "attributions", "explanation"]);
export type FeatureGroup = z.infer<typeof featureGroupSchema>;

const categoricalSchema = z.object({
  name: z.string(),
  /** Index i+1 in the model; 0 stands for a value not seen in training. */
  vocabulary: z.array(z.string()),
});

/** What the model's inputs are, in order; a predictor refuses data that does not fit it. */
export const featureSchemaSchema = z.object({
  task: z.enum(["gap", "choice"]),
  groups: z.array(featureGroupSchema).min(1),
  textFields: z.array(z.string()),
  categorical: z.array(categoricalSchema),
  numeric: z.array(z.string()),
  /** Sentence-embedding inputs (text field -> dimension), when an embeddings endpoint was used. */
  /**
   * "stance-flip": the network predicts the item's acted stance, q = P(the model picks the
   * negative action), and the label follows from what is known: gap task, p = q when the stated
   * stance is agree, 1 - q when disagree (0.5 without a stated rating); choice task, p = q for
   * the negative action, 1 - q for the positive one. "direct": the network predicts p itself.
   */
  output: z.enum(["direct", "stance-flip"]),
  embeddings: z
    .object({
      ref: z.string(),
      baseUrl: z.string().nullable(),
      dimension: z.number().int().positive(),
      fields: z.array(z.string()),
    })
    .nullable(),
});
export type FeatureSchema = z.infer<typeof featureSchemaSchema>;

/**
 * Text fields of the model. Choice: the action's parts, then (with `pairContext`) the same
 * parts of the item's other action, which the model saw beside it. Gap: both actions' parts.
 */
export function textFieldsFor(task: Task, groups: readonly FeatureGroup[], pairContext = false): string[] {
  const parts = (["action", "attributions", "explanation"] as const).filter((g) => groups.includes(g));
  if (task === "choice") return [...parts, ...(pairContext ? parts.map((p) => `other.${p}`) : [])];
  return [...parts.map((p) => `positive.${p}`), ...parts.map((p) => `negative.${p}`)];
}

export function textOfField(example: Example, field: string): string {
  if (example.kind === "choice") {
    if (field.startsWith("other.")) return example.other[field.slice(6) as FeatureGroup] ?? "";
    return example.text[field as FeatureGroup] ?? "";
  }
  const [side, part] = field.split(".") as ["positive" | "negative", FeatureGroup];
  return example[side][part] ?? "";
}

const CATEGORICAL = {
  gap: ["country", "topic", "value", "motivationalType"],
  choice: ["country", "topic", "value", "motivationalType", "polarity"],
} as const;

function categoryOf(example: Example, name: string): string {
  return String((example as unknown as Record<string, unknown>)[name] ?? "");
}

const ratingScore = (r: number | null): number => (r === null ? 0 : (r - 1) / 3);

/** The stated-rating features every gap predictor has had (format 1 cards list exactly these). */
export function numericNamesFor(task: Task): string[] {
  if (task === "choice") return [];
  const names = ["stated.score", "stated.missing", "stated.margin", "stated.spread", "stated.ratings"];
  for (let v = 0; v < TASK1_VARIANTS; v++) names.push(`stated.v${v}`, `stated.v${v}.missing`);
  return names;
}

/** The model's own Task 1 around the item (see data/context.ts). */
const CONTEXT_NUMERIC = [
  "context.rank",
  "context.valueScore",
  "context.valueDelta",
  "context.scenarioDelta",
] as const;

// context.agreeShare and context.meanScore are also computed, but not features by default:
// constant within a model, so with a few training models they act as its identity and do not
// transfer (on Llama left out, adding them took a logistic model's AP from 0.83 to 0.14 with two
// training models).

/** How the training models acted on the item; only when training runs hold several models. */
const OTHERS_NUMERIC = ["others.present", "others.share", "others.logit", "others.agreement"] as const;

/** Smoothed share of the other models that chose the negative action (0.5 with none). */
export const othersShare = (others: { negative: number; n: number } | null): number =>
  others === null || others.n === 0 ? 0.5 : (others.negative + 0.5) / (others.n + 1);

/** One numeric feature of a gap example, by name. */
export function numericValue(e: GapExample, name: string): number {
  const s = e.stated;
  const c = e.context;
  const score = s.mean === null ? null : ratingScore(s.mean);
  switch (name) {
    case "stated.score":
      return ratingScore(s.mean);
    case "stated.missing":
      return s.mean === null ? 1 : 0;
    case "stated.margin":
      return score === null ? 0 : score - 0.5;
    case "stated.spread":
      return (s.spread ?? 0) / 1.5;
    case "stated.ratings":
      return Math.min(1, s.ratings / TASK1_VARIANTS);
    case "context.rank":
      return c?.rank ?? 0.5;
    case "context.agreeShare":
      return c?.agreeShare ?? 0.5;
    case "context.meanScore":
      return c?.meanScore ?? 0.5;
    case "context.valueScore":
      return c?.valueScore ?? 0.5;
    case "context.valueDelta":
      return score === null || c?.valueScore == null ? 0 : score - c.valueScore;
    case "context.scenarioDelta":
      return score === null || c?.scenarioScore == null ? 0 : score - c.scenarioScore;
    case "others.present":
      return e.others !== null && e.others.n > 0 ? 1 : 0;
    case "others.share":
      return othersShare(e.others);
    case "others.logit": {
      const p = othersShare(e.others);
      return Math.log(p / (1 - p));
    }
    case "others.agreement": {
      // Do the other models' actions agree with this model's stated stance (+) or not (-)?
      if (score === null || e.others === null || e.others.n === 0) return 0;
      return (othersShare(e.others) - 0.5) * (score >= 0.5 ? 1 : -1);
    }
  }
  const variant = /^stated\.v(\d)(\.missing)?$/.exec(name);
  if (variant) {
    const r = s.perVariant[Number(variant[1])] ?? null;
    return variant[2] ? (r === null ? 1 : 0) : ratingScore(r);
  }
  throw new Error(`unknown numeric feature ${name}`);
}

function numericOf(example: Example, names: readonly string[], out: Float32Array, offset: number): void {
  if (example.kind !== "gap") return;
  names.forEach((name, i) => {
    out[offset + i] = numericValue(example, name);
  });
}

/** Gap features: stated ratings, the model's context, and the other models' actions when known. */
function gapNumericNames(train: readonly GapExample[]): string[] {
  const names = [...numericNamesFor("gap"), ...CONTEXT_NUMERIC];
  if (train.some((e) => e.others !== null && e.others.n > 0)) names.push(...OTHERS_NUMERIC);
  return names;
}

/** Builds the schema from training examples (vocabularies are the categories seen in training). */
export function buildFeatureSchema(
  task: Task,
  groups: readonly FeatureGroup[],
  train: readonly Example[],
  pairContext = false,
): FeatureSchema {
  const transfer = task === "gap" ? gapNumericNames(train as readonly GapExample[]) : numericNamesFor(task);
  const wanted = new Set<FeatureGroup>(["action", ...groups]);
  const ordered = (["action", "attributions", "explanation"] as const).filter((g) => wanted.has(g));
  return {
    task,
    groups: ordered,
    textFields: textFieldsFor(task, ordered, pairContext),
    categorical: CATEGORICAL[task].map((name) => ({
      name,
      vocabulary: [...new Set(train.map((e) => categoryOf(e, name)))].sort(),
    })),
    numeric: transfer,
    output: "stance-flip",
    embeddings: null,
  };
}

/** Model inputs as flat typed arrays, in the schema's order. */
export interface EncodedBatch {
  n: number;
  /** [n, fields * maxTokens] token ids, fields side by side. */
  text: Int32Array | null;
  /** [n, categories] rows of the shared category table (0 = unseen in training). */
  categorical: Int32Array | null;
  numeric: Float32Array | null;
  embeddings: Float32Array | null;
  /** [n, 2] per example (2a - 1, 1 - a), see flipIndicator ("stance-flip" only). */
  stance: Float32Array | null;
}

/**
 * a in p = q * (2a - 1) + (1 - a). Gap: 1 when the stated stance is agree (mean < 2.5), 0 when
 * disagree, 0.5 when unknown. Choice: 1 for the negative action, 0 for the positive one.
 */
export function flipIndicator(example: Example): number {
  if (example.kind === "choice") return example.polarity === "negative" ? 1 : 0;
  if (example.stated.mean === null) return 0.5;
  return example.stated.mean < 2.5 ? 1 : 0;
}

export function encode(
  schema: FeatureSchema,
  hashing: HashingSettings,
  examples: readonly Example[],
  embeddings?: (example: Example, field: string) => readonly number[],
): EncodedBatch {
  const n = examples.length;
  const L = hashing.maxTokens;
  const F = schema.textFields.length;
  const C = schema.categorical.length;
  const text = F > 0 ? new Int32Array(n * F * L) : null;
  let offset = 1;
  const indexes = schema.categorical.map((c) => {
    const map = new Map(c.vocabulary.map((v, i) => [v, offset + i]));
    offset += c.vocabulary.length;
    return map;
  });
  const categorical = C > 0 ? new Int32Array(n * C) : null;
  const k = schema.numeric.length;
  const numeric = k > 0 ? new Float32Array(n * k) : null;
  const e = schema.embeddings;
  const embedded = e ? new Float32Array(n * e.dimension * e.fields.length) : null;
  const stance = schema.output === "stance-flip" ? new Float32Array(n * 2) : null;
  examples.forEach((example, i) => {
    if (stance) {
      const a = flipIndicator(example);
      stance[i * 2] = 2 * a - 1;
      stance[i * 2 + 1] = 1 - a;
    }
    if (text) {
      schema.textFields.forEach((field, f) => {
        hashText(textOfField(example, field), hashing, text, (i * F + f) * L);
      });
    }
    if (categorical) {
      schema.categorical.forEach((c, f) => {
        categorical[i * C + f] = indexes[f]?.get(categoryOf(example, c.name)) ?? 0;
      });
    }
    if (numeric) numericOf(example, schema.numeric, numeric, i * k);
    if (e && embedded && embeddings) {
      e.fields.forEach((field, f) => {
        embedded.set(embeddings(example, field), (i * e.fields.length + f) * e.dimension);
      });
    }
  });
  return { n, text, categorical, numeric, embeddings: embedded, stance };
}

export function labelsOf(examples: readonly Example[]): Float32Array {
  return Float32Array.from(examples, (e) => e.label ?? 0);
}
