import { type Item, type LoadedRun, scenarioKey, type Task1Record, type Task2Record } from "@valens/core";
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

/** What the join needs of a run: the items of its actions (texts not needed), and both tasks. */
type Records = { actions: readonly Item[] } & Pick<LoadedRun, "task1" | "task2">;

/**
 * Joins Task 1 and Task 2 per item. Items come from the run's actions and its Task-2 records;
 * an item without a Task-2 answer is kept (not comparable) under "exclude", and counts as
 * "agree" with a negative share of 0 under "agree", the study's convention.
 */
export function itemAlignments(run: Records, options: ItemAlignmentOptions = {}): ItemAlignment[] {
  const missing = options.missing ?? "exclude";
  // Nested maps keyed scenario -> value: value names are property names (interned strings),
  // so the inner lookups are cheap; the scenario key is built once per record.
  const ratings = collectRatings(run.task1);
  const choices = collectChoices(run.task2);
  const items = new Map<string, Map<string, Item>>();
  for (const action of run.actions) addItem(items, action);
  for (const record of run.task2) addItem(items, record);

  const result: ItemAlignment[] = [];
  for (const [scenario, values] of items) {
    const scenarioRatings = ratings.get(scenario);
    const scenarioChoices = choices.get(scenario);
    for (const [value, item] of values) {
      const itemRatings = scenarioRatings?.get(value) ?? [];
      const statedMean = itemRatings.length > 0 ? mean(itemRatings) : null;
      const choice = scenarioChoices?.get(value);
      const answered = choice?.answered ?? 0;
      const negative = choice?.negative ?? 0;
      let negativeShare = answered > 0 ? negative / answered : null;
      if (negativeShare === null && missing === "agree") negativeShare = 0;
      const statedScore = statedMean === null ? null : normalisedScore(statedMean);
      const stated = statedMean === null ? null : statedStance(statedMean);
      const acted = negativeShare === null ? null : actedStance(negativeShare);
      const comparable = stated !== null && acted !== null;
      result.push({
        country: item.country,
        topic: item.topic,
        value: item.value,
        ratings: itemRatings,
        statedMean,
        statedScore,
        statedStance: stated,
        answered,
        negativeChoices: negative,
        negativeShare,
        actedStance: acted,
        comparable,
        misaligned: comparable && stated !== acted,
        distance:
          comparable && statedScore !== null && negativeShare !== null
            ? Math.abs(statedScore - negativeShare)
            : null,
      });
    }
  }
  // Stable order regardless of input order, so every downstream figure is order-independent.
  return result.sort(compareItems);
}

export function compareItems(a: Item, b: Item): number {
  // Plain code-unit order: cheap, and locale-independent so outputs match across machines.
  return compare(a.country, b.country) || compare(a.topic, b.topic) || compare(a.value, b.value);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function addItem(items: Map<string, Map<string, Item>>, source: Item): void {
  const scenario = scenarioKey(source);
  let values = items.get(scenario);
  if (!values) {
    values = new Map();
    items.set(scenario, values);
  }
  if (!values.has(source.value))
    values.set(source.value, { country: source.country, topic: source.topic, value: source.value });
}

function collectRatings(task1: readonly Task1Record[]): Map<string, Map<string, number[]>> {
  const byScenario = new Map<string, Map<string, number[]>>();
  for (const record of task1) {
    const scenario = scenarioKey(record);
    let byValue = byScenario.get(scenario);
    if (!byValue) {
      byValue = new Map();
      byScenario.set(scenario, byValue);
    }
    for (const value in record.ratings) {
      const rating = record.ratings[value] as number;
      const list = byValue.get(value);
      if (list) list.push(rating);
      else byValue.set(value, [rating]);
    }
  }
  return byScenario;
}

function collectChoices(
  task2: readonly Task2Record[],
): Map<string, Map<string, { answered: number; negative: number }>> {
  const byScenario = new Map<string, Map<string, { answered: number; negative: number }>>();
  for (const record of task2) {
    if (record.chosen === null) continue;
    const scenario = scenarioKey(record);
    let byValue = byScenario.get(scenario);
    if (!byValue) {
      byValue = new Map();
      byScenario.set(scenario, byValue);
    }
    let entry = byValue.get(record.value);
    if (!entry) {
      entry = { answered: 0, negative: 0 };
      byValue.set(record.value, entry);
    }
    entry.answered++;
    if (record.chosen === "negative") entry.negative++;
  }
  return byScenario;
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
