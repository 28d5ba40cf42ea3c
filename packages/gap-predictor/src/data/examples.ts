import {
  type ActionRecord,
  defaultCatalog,
  InputError,
  itemKey,
  type LoadedRun,
  type Polarity,
  scenarioKey,
} from "@valens/core";
import { itemAlignments } from "@valens/metrics";
import { z } from "zod";
import { modelContextSchema, modelContexts, othersSchema } from "./context.js";

/** The two prediction tasks: per item, will action contradict stance; per action, is it chosen. */
export const taskSchema = z.enum(["gap", "choice"]);
export type Task = z.infer<typeof taskSchema>;

const actionTextSchema = z.object({ action: z.string(), attributions: z.string(), explanation: z.string() });
export type ActionText = z.infer<typeof actionTextSchema>;

const contextSchema = z.object({
  country: z.string(),
  topic: z.string(),
  value: z.string(),
  motivationalType: z.string(),
});

/** One action of an item; label 1 when the model chose it (null when the item has no answer). */
const choiceExampleSchema = contextSchema.extend({
  kind: z.literal("choice"),
  key: z.string(),
  polarity: z.enum(["positive", "negative"]),
  sourceRow: z.number().int().nullable(),
  text: actionTextSchema,
  /** The item's other action (the alternative the model was shown), empty when missing. */
  other: actionTextSchema.default({ action: "", attributions: "", explanation: "" }),
  label: z.union([z.literal(0), z.literal(1)]).nullable(),
  /** The run's model (for --holdout-models and per-model reports), never a feature. */
  model: z.string().default(""),
});
export type ChoiceExample = z.infer<typeof choiceExampleSchema>;

/** Number of Task-1 prompt variants (PROTOCOL.md); per-variant ratings are features. */
export const TASK1_VARIANTS = 8;

const statedSchema = z.object({
  /** Mean rating 1..4 over variants and samples; null when no answer rated the value. */
  mean: z.number().nullable(),
  /** Standard deviation of the ratings (0 with one rating). */
  spread: z.number().nullable(),
  ratings: z.number().int().nonnegative(),
  /** Mean rating per Task-1 variant 0..7, null when that variant gave none. */
  perVariant: z.array(z.number().nullable()).length(TASK1_VARIANTS),
});

/** One item; label 1 when the stated and acted stances differ (null without a Task-2 answer). */
const gapExampleSchema = contextSchema.extend({
  kind: z.literal("gap"),
  key: z.string(),
  stated: statedSchema,
  positive: actionTextSchema,
  negative: actionTextSchema,
  sourceRows: z.array(z.number().int()),
  label: z.union([z.literal(0), z.literal(1)]).nullable(),
  /** The run's model: used only to leave it out of `others`, never as a feature. */
  model: z.string().default(""),
  /** The model's own Task 1 around the item (null in predictors saved before it existed). */
  context: modelContextSchema.nullable().default(null),
  /** How the training models other than this one acted on the item (null: not computed). */
  others: othersSchema.nullable().default(null),
});
export type GapExample = z.infer<typeof gapExampleSchema>;

export type Example = ChoiceExample | GapExample;
export const exampleSchema = z.discriminatedUnion("kind", [choiceExampleSchema, gapExampleSchema]);

type Records = Pick<LoadedRun, "actions" | "task1" | "task2"> & {
  dir?: string;
  manifest?: { model: { name: string } };
};

function motivationalTypeOf(value: string): string {
  return defaultCatalog.findValue(value)?.category ?? "unknown";
}

function textOf(action: ActionRecord | undefined): ActionText {
  return {
    action: action?.action ?? "",
    attributions: (action?.attributions ?? []).join(" ; "),
    explanation: action?.explanation ?? "",
  };
}

function actionsByItem(run: Records): Map<string, Partial<Record<Polarity, ActionRecord>>> {
  const map = new Map<string, Partial<Record<Polarity, ActionRecord>>>();
  for (const action of run.actions) {
    const key = itemKey(action);
    const entry = map.get(key) ?? {};
    // The first record of a polarity wins; a dataset should have one per polarity.
    if (!entry[action.polarity]) entry[action.polarity] = action;
    map.set(key, entry);
  }
  return map;
}

/**
 * Choice examples: every action of the run, labelled by the Task-2 answers of its item (chosen
 * when more than half of the answers picked its polarity; an exact tie is left unlabelled).
 */
export function choiceExamples(run: Records): ChoiceExample[] {
  const votes = new Map<string, { positive: number; negative: number }>();
  for (const record of run.task2) {
    if (record.chosen === null) continue;
    const key = itemKey(record);
    const v = votes.get(key) ?? { positive: 0, negative: 0 };
    v[record.chosen]++;
    votes.set(key, v);
  }
  const pairs = actionsByItem(run);
  const examples: ChoiceExample[] = [];
  for (const action of run.actions) {
    const key = itemKey(action);
    const other = pairs.get(key)?.[action.polarity === "positive" ? "negative" : "positive"];
    const v = votes.get(key);
    let label: 0 | 1 | null = null;
    if (v && v.positive + v.negative > 0) {
      const mine = v[action.polarity];
      const other = v[action.polarity === "positive" ? "negative" : "positive"];
      label = mine > other ? 1 : mine < other ? 0 : null;
    }
    examples.push({
      kind: "choice",
      key: `${key}|${action.polarity}`,
      country: action.country,
      topic: action.topic,
      value: action.value,
      motivationalType: motivationalTypeOf(action.value),
      polarity: action.polarity,
      sourceRow: action.sourceRow ?? null,
      text: textOf(action),
      other: textOf(other),
      label,
      model: run.manifest?.model.name ?? "",
    });
  }
  return examples;
}

function perVariantMeans(run: Records): Map<string, (number | null)[]> {
  const sums = new Map<string, { sum: number[]; n: number[] }>();
  for (const record of run.task1) {
    for (const [value, rating] of Object.entries(record.ratings)) {
      const key = `${scenarioKey(record)}|${value}`;
      const entry = sums.get(key) ?? {
        sum: new Array<number>(TASK1_VARIANTS).fill(0),
        n: new Array<number>(TASK1_VARIANTS).fill(0),
      };
      entry.sum[record.variant] = (entry.sum[record.variant] as number) + rating;
      entry.n[record.variant] = (entry.n[record.variant] as number) + 1;
      sums.set(key, entry);
    }
  }
  const out = new Map<string, (number | null)[]>();
  for (const [key, { sum, n }] of sums) {
    out.set(
      key,
      sum.map((s, i) => ((n[i] as number) > 0 ? s / (n[i] as number) : null)),
    );
  }
  return out;
}

/**
 * Gap examples: one per item of the run, with what is known before Task 2 (stated ratings,
 * context, both candidate actions) and, when Task 2 was run, whether the two stances differ.
 */
export function gapExamples(run: Records): GapExample[] {
  if (run.task1.length === 0) {
    throw new InputError("The gap task needs Task-1 (stated) ratings, and this run has none", {
      ...(run.dir === undefined ? {} : { file: run.dir }),
      hint: "Run Task 1 for this model (valens eval --tasks 1) or import its task-1 file",
    });
  }
  const actions = actionsByItem(run);
  const variants = perVariantMeans(run);
  const examples: GapExample[] = [];
  for (const item of itemAlignments(run)) {
    const key = itemKey(item);
    const pair = actions.get(key) ?? {};
    const ratings = item.ratings;
    const spread =
      ratings.length === 0
        ? null
        : Math.sqrt(ratings.reduce((s, r) => s + (r - (item.statedMean as number)) ** 2, 0) / ratings.length);
    examples.push({
      kind: "gap",
      key,
      country: item.country,
      topic: item.topic,
      value: item.value,
      motivationalType: motivationalTypeOf(item.value),
      stated: {
        mean: item.statedMean,
        spread,
        ratings: ratings.length,
        perVariant:
          variants.get(`${scenarioKey(item)}|${item.value}`) ?? new Array<null>(TASK1_VARIANTS).fill(null),
      },
      positive: textOf(pair.positive),
      negative: textOf(pair.negative),
      sourceRows: [pair.positive?.sourceRow, pair.negative?.sourceRow].filter(
        (r): r is number => r !== undefined,
      ),
      label: item.comparable ? (item.misaligned ? 1 : 0) : null,
      model: run.manifest?.model.name ?? "",
      context: null,
      others: null,
    });
  }
  const contexts = modelContexts(examples);
  examples.forEach((e, i) => {
    e.context = contexts[i] ?? null;
  });
  return examples;
}

export function examplesFor(task: Task, run: Records): Example[] {
  return task === "gap" ? gapExamples(run) : choiceExamples(run);
}
