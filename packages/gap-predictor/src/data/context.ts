import { z } from "zod";
import type { GapExample } from "./examples.js";

/**
 * What the target model's own Task 1 says around an item: features that describe the model
 * without naming it, so a predictor trained on some models applies to another.
 */
export const modelContextSchema = z.object({
  /** Where the value ranks in its scenario by stated mean, 0 = most agreed, 1 = least (ties averaged). */
  rank: z.number().nullable(),
  /** The model's share of items with a stated agree stance. */
  agreeShare: z.number(),
  /** The model's mean normalised stated score over all items. */
  meanScore: z.number(),
  /** The model's mean normalised score of this value over every scenario. */
  valueScore: z.number().nullable(),
  /** The model's mean normalised score over this scenario's values. */
  scenarioScore: z.number().nullable(),
});
export type ModelContext = z.infer<typeof modelContextSchema>;

/** How the training models (other than the example's own) acted on the item. */
export const othersSchema = z.object({
  /** Models that chose the item's negative action. */
  negative: z.number().int().nonnegative(),
  /** Models with an acted stance on the item. */
  n: z.number().int().nonnegative(),
});
export type Others = z.infer<typeof othersSchema>;

const score = (mean: number | null): number | null => (mean === null ? null : (mean - 1) / 3);

/** Context of every example of one model's run (all from that run's Task 1). */
export function modelContexts(examples: readonly GapExample[]): ModelContext[] {
  const scores = examples.map((e) => score(e.stated.mean));
  const known = scores.filter((s): s is number => s !== null);
  const agreeShare = known.length === 0 ? 0.5 : known.filter((s) => s < 0.5).length / known.length;
  const meanScore = known.length === 0 ? 0.5 : known.reduce((a, b) => a + b, 0) / known.length;
  const byValue = groupMeans(examples, scores, (e) => e.value);
  const byScenario = new Map<string, number[]>();
  examples.forEach((e, i) => {
    const s = scores[i];
    if (s === null || s === undefined) return;
    const key = `${e.country}|${e.topic}`;
    const list = byScenario.get(key);
    if (list) list.push(s);
    else byScenario.set(key, [s]);
  });
  return examples.map((e, i) => {
    const s = scores[i] ?? null;
    const scenario = byScenario.get(`${e.country}|${e.topic}`) ?? [];
    let rank: number | null = null;
    if (s !== null && scenario.length > 1) {
      let below = 0;
      let equal = 0;
      for (const other of scenario) {
        if (other < s) below++;
        else if (other === s) equal++;
      }
      rank = (below + (equal - 1) / 2) / (scenario.length - 1);
    }
    return {
      rank,
      agreeShare,
      meanScore,
      valueScore: byValue.get(e.value) ?? null,
      scenarioScore: scenario.length === 0 ? null : scenario.reduce((a, b) => a + b, 0) / scenario.length,
    };
  });
}

function groupMeans(
  examples: readonly GapExample[],
  scores: readonly (number | null)[],
  key: (e: GapExample) => string,
): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  examples.forEach((e, i) => {
    const s = scores[i];
    if (s === null || s === undefined) return;
    const k = key(e);
    const cell = sums.get(k) ?? { sum: 0, n: 0 };
    cell.sum += s;
    cell.n++;
    sums.set(k, cell);
  });
  return new Map([...sums].map(([k, { sum, n }]) => [k, sum / n]));
}

/** 1 when the example's model chose the item's negative action, from its gap label and stated stance. */
export function actedNegative(e: GapExample): 0 | 1 | null {
  if (e.label === null || e.stated.mean === null) return null;
  const agree = e.stated.mean < 2.5;
  return agree ? e.label : e.label === 1 ? 0 : 1;
}

/** Item key -> model -> acted negative (1) or positive (0): what the training examples show. */
export type ActedTable = Map<string, Map<string, 0 | 1>>;

export function actedTable(train: readonly GapExample[]): ActedTable {
  const table: ActedTable = new Map();
  for (const e of train) {
    const acted = actedNegative(e);
    if (acted === null) continue;
    const row = table.get(e.key) ?? new Map<string, 0 | 1>();
    row.set(e.model, acted);
    table.set(e.key, row);
  }
  return table;
}

/** The table in the predictor card: item key -> per training model 1, 0 or -1 (no stance). */
export const actedTableSchema = z.object({
  models: z.array(z.string()),
  items: z.record(z.string(), z.array(z.union([z.literal(-1), z.literal(0), z.literal(1)]))),
});
export type SavedActedTable = z.infer<typeof actedTableSchema>;

export function saveActedTable(table: ActedTable): SavedActedTable {
  const models = [...new Set([...table.values()].flatMap((row) => [...row.keys()]))].sort();
  const items: SavedActedTable["items"] = {};
  for (const [key, row] of [...table].sort(([a], [b]) => a.localeCompare(b)))
    items[key] = models.map((m) => row.get(m) ?? -1);
  return { models, items };
}

export function loadActedTable(saved: SavedActedTable): ActedTable {
  const table: ActedTable = new Map();
  for (const [key, values] of Object.entries(saved.items)) {
    const row = new Map<string, 0 | 1>();
    values.forEach((v, i) => {
      if (v !== -1) row.set(saved.models[i] as string, v);
    });
    table.set(key, row);
  }
  return table;
}

/**
 * Sets each example's `others` from the table, leaving out the example's own model: training
 * rows see only the other training models, so the feature means at training what it will mean
 * for a model the predictor has never seen.
 */
export function withOthers<E extends GapExample>(examples: readonly E[], table: ActedTable): E[] {
  return examples.map((e) => {
    const row = table.get(e.key);
    let negative = 0;
    let n = 0;
    if (row) {
      for (const [model, acted] of row) {
        if (model === e.model) continue;
        n++;
        negative += acted;
      }
    }
    return { ...e, others: { negative, n } };
  });
}
