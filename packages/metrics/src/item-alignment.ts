import type { Item, LoadedRun, Scenario } from "@valens/core";
import { buildGrid, type Cell, cellMean, type Grid } from "./grid.js";
import { compareCodeUnits, type ScenarioEntry, sortedUnion } from "./scenario-map.js";
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
  return joinItems(buildGrid(run.task1, run), options.missing ?? "exclude");
}

/** itemAlignments of a run's grid, already built. */
export function joinItems(grid: Grid, missing: MissingPolicy): ItemAlignment[] {
  // Built in (country, topic, value) order, the order of compareItems, so no sort of all items
  // is needed: the order is stable regardless of input order, and so is every downstream figure.
  const scenarios = grid.sorted();
  const values = sortedUnion(scenarios.map((scenario) => scenario.data));
  const result: ItemAlignment[] = [];
  for (const scenario of scenarios) joinScenario(scenario, values, missing, result);
  return result;
}

/** Appends a scenario's items, in value order (a small function: V8 optimises it early). */
function joinScenario(
  scenario: ScenarioEntry<Map<string, Cell>>,
  values: readonly string[],
  missing: MissingPolicy,
  result: ItemAlignment[],
): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    const cell = scenario.data.get(value);
    if (cell?.isItem) result.push(join(scenario, value, cell, missing));
  }
}

function join(scenario: Scenario, value: string, cell: Cell, missing: MissingPolicy): ItemAlignment {
  const { answered, negative } = cell;
  const statedMean = cell.ratings.length > 0 ? cellMean(cell) : null;
  let negativeShare = answered > 0 ? negative / answered : null;
  if (negativeShare === null && missing === "agree") negativeShare = 0;
  const statedScore = statedMean === null ? null : normalisedScore(statedMean);
  const stated = statedMean === null ? null : statedStance(statedMean);
  const acted = negativeShare === null ? null : actedStance(negativeShare);
  const comparable = stated !== null && acted !== null;
  return {
    country: scenario.country,
    topic: scenario.topic,
    value,
    ratings: cell.ratings,
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
  };
}

export function compareItems(a: Item, b: Item): number {
  // Plain code-unit order: cheap, and locale-independent so outputs match across machines.
  return (
    compareCodeUnits(a.country, b.country) ||
    compareCodeUnits(a.topic, b.topic) ||
    compareCodeUnits(a.value, b.value)
  );
}
