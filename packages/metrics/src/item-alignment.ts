import {
  type Item,
  itemKey,
  type LoadedRun,
  scenarioKey,
  type Task1Record,
  type Task2Record,
} from "@valens/core";
import { actedStance, type MissingPolicy, normalisedScore, type Stance, statedStance } from "./stance.js";

/** What a model said and did about one item (country, topic, value). */
export interface ItemAlignment extends Item {
  /** Parsed Task-1 ratings of the value in the scenario, over variants and samples. */
  ratings: number[];
  /** Mean rating, or null when no Task-1 answer rated the value. */
  statedMean: number | null;
  statedScore: number | null;
  statedStance: Stance | null;
  /** Task-2 answers that named an option. */
  answered: number;
  negativeChoices: number;
  /** Share of answered Task-2 choices that picked the negative action; null when unanswered. */
  negativeShare: number | null;
  actedStance: Stance | null;
  /** Stated and acted stances both known (after applying the missing-answer policy). */
  comparable: boolean;
  /** Stated and acted stances differ. */
  misaligned: boolean;
  /** |stated normalised score - negative share|, when comparable. */
  distance: number | null;
}

export interface ItemAlignmentOptions {
  missing?: MissingPolicy;
}

type Records = Pick<LoadedRun, "actions" | "task1" | "task2">;

/**
 * Joins Task 1 and Task 2 per item. Items come from the run's actions and its Task-2 records;
 * an item without a Task-2 answer is kept (not comparable) under "exclude", and counts as
 * "agree" with a negative share of 0 under "agree", the study's convention.
 */
export function itemAlignments(run: Records, options: ItemAlignmentOptions = {}): ItemAlignment[] {
  const missing = options.missing ?? "exclude";
  const ratingsByScenarioValue = collectRatings(run.task1);
  const choicesByItem = collectChoices(run.task2);

  const items = new Map<string, Item>();
  for (const action of run.actions) addItem(items, action);
  for (const record of run.task2) addItem(items, record);

  const result: ItemAlignment[] = [];
  for (const [key, item] of items) {
    const ratings = ratingsByScenarioValue.get(`${scenarioKey(item)}|${item.value}`) ?? [];
    const statedMean = ratings.length > 0 ? mean(ratings) : null;
    const choices = choicesByItem.get(key) ?? { answered: 0, negative: 0 };
    let negativeShare = choices.answered > 0 ? choices.negative / choices.answered : null;
    if (negativeShare === null && missing === "agree") negativeShare = 0;
    const stated = statedMean === null ? null : statedStance(statedMean);
    const acted = negativeShare === null ? null : actedStance(negativeShare);
    const comparable = stated !== null && acted !== null;
    result.push({
      ...item,
      ratings,
      statedMean,
      statedScore: statedMean === null ? null : normalisedScore(statedMean),
      statedStance: stated,
      answered: choices.answered,
      negativeChoices: choices.negative,
      negativeShare,
      actedStance: acted,
      comparable,
      misaligned: comparable && stated !== acted,
      distance:
        comparable && statedMean !== null && negativeShare !== null
          ? Math.abs(normalisedScore(statedMean) - negativeShare)
          : null,
    });
  }
  // Stable order regardless of input order, so every downstream figure is order-independent.
  return result.sort((a, b) => compareItems(a, b));
}

export function compareItems(a: Item, b: Item): number {
  // Plain code-unit order: cheap, and locale-independent so outputs match across machines.
  return compare(a.country, b.country) || compare(a.topic, b.topic) || compare(a.value, b.value);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function addItem(items: Map<string, Item>, source: Item): void {
  const key = itemKey(source);
  if (!items.has(key)) items.set(key, { country: source.country, topic: source.topic, value: source.value });
}

function collectRatings(task1: readonly Task1Record[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const record of task1) {
    for (const [value, rating] of Object.entries(record.ratings)) {
      const key = `${scenarioKey(record)}|${value}`;
      const list = byKey.get(key);
      if (list) list.push(rating);
      else byKey.set(key, [rating]);
    }
  }
  return byKey;
}

function collectChoices(task2: readonly Task2Record[]): Map<string, { answered: number; negative: number }> {
  const byKey = new Map<string, { answered: number; negative: number }>();
  for (const record of task2) {
    if (record.chosen === null) continue;
    const key = itemKey(record);
    const entry = byKey.get(key) ?? { answered: 0, negative: 0 };
    entry.answered++;
    if (record.chosen === "negative") entry.negative++;
    byKey.set(key, entry);
  }
  return byKey;
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
