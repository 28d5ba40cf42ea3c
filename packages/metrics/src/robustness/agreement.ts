import type { Task2Record } from "@valens/core";
import type { ItemAlignment } from "../item-alignment.js";
import { krippendorffAlpha } from "../stats/krippendorff.js";

export interface Task1Agreement {
  /** Items rated by at least two answers (variants and samples). */
  items: number;
  /** Mean over items of the standard deviation (population) of their ratings. */
  meanSd: number | null;
  /** Mean over items of max - min rating. */
  meanRange: number | null;
  /** Items by the range of their ratings: index 0 = all ratings equal ... 3 = from 1 to 4. */
  rangeCounts: [number, number, number, number];
  /** Share of items whose ratings are all equal. */
  unanimousShare: number | null;
  /** Krippendorff's alpha (ordinal), items the units and the answers (variants) the coders. */
  alphaOrdinal: number | null;
}

export interface Task2Agreement {
  /** Items with at least two answered Task-2 records. */
  items: number;
  /** Share of those items whose every answer chose the same polarity. */
  unanimousShare: number | null;
  /** Krippendorff's alpha (nominal) of the chosen polarity across variants. */
  alphaNominal: number | null;
}

/** How consistent a model is across prompt variants, per task. */
export function task1Agreement(items: readonly ItemAlignment[]): Task1Agreement | null {
  const units = items.map((item) => item.ratings).filter((ratings) => ratings.length >= 2);
  if (units.length === 0) return null;
  const rangeCounts: [number, number, number, number] = [0, 0, 0, 0];
  let sdSum = 0;
  let rangeSum = 0;
  for (const ratings of units) {
    const mean = ratings.reduce((a, b) => a + b, 0) / ratings.length;
    sdSum += Math.sqrt(ratings.reduce((a, r) => a + (r - mean) ** 2, 0) / ratings.length);
    const range = Math.max(...ratings) - Math.min(...ratings);
    rangeSum += range;
    const bin = Math.min(3, range);
    rangeCounts[bin] = (rangeCounts[bin] as number) + 1;
  }
  return {
    items: units.length,
    meanSd: sdSum / units.length,
    meanRange: rangeSum / units.length,
    rangeCounts,
    unanimousShare: rangeCounts[0] / units.length,
    alphaOrdinal: krippendorffAlpha(units, "ordinal"),
  };
}

export function task2Agreement(task2: readonly Task2Record[]): Task2Agreement | null {
  const byItem = new Map<string, number[]>();
  for (const r of task2) {
    if (r.chosen === null) continue;
    const k = `${r.country}\u0000${r.topic}\u0000${r.value}`;
    const choices = byItem.get(k) ?? [];
    choices.push(r.chosen === "negative" ? 1 : 0);
    byItem.set(k, choices);
  }
  const units = [...byItem.values()].filter((choices) => choices.length >= 2);
  if (units.length === 0) return null;
  const unanimous = units.filter((choices) => choices.every((c) => c === choices[0])).length;
  return {
    items: units.length,
    unanimousShare: unanimous / units.length,
    alphaNominal: krippendorffAlpha(units, "nominal"),
  };
}
