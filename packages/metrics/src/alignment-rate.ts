import type { Catalog } from "@valens/core";
import { addToConfusion, type Confusion, comparableCount, emptyConfusion, f1Score } from "./confusion.js";
import { groupBy, inCatalogOrder, mean } from "./grid-order.js";
import type { ItemAlignment } from "./item-alignment.js";
import { ScenarioMap } from "./scenario-map.js";

/** One scenario's (country, topic) agreement between stated and acted stances. */
export interface ScenarioAlignment {
  country: string;
  topic: string;
  confusion: Confusion;
  /** Items with both stances known. */
  comparable: number;
  /** Comparable items whose stances differ (fn + fp). */
  misaligned: number;
  f1: number;
}

export interface AlignmentRate {
  /** Mean over scenarios of the per-scenario F1 ("agree" the positive class). */
  f1: number;
  /** 95% percentile bootstrap interval of `f1` (scenarios resampled); null when not computed. */
  ci95: [number, number] | null;
  /** Scenarios with at least one comparable item (the mean's denominator). */
  scenarios: number;
  /** Mean scenario F1 per country (catalog order). */
  byCountry: Record<string, number>;
  /** Mean scenario F1 per topic (catalog order). */
  byTopic: Record<string, number>;
  /** F1 over each value's comparable items across all scenarios (catalog order). */
  byValue: Record<string, number>;
}

/** Per-scenario F1 for every scenario with at least one comparable item, in catalog order. */
export function scenarioAlignments(items: readonly ItemAlignment[], catalog?: Catalog): ScenarioAlignment[] {
  const confusions = new ScenarioMap<Confusion>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as ItemAlignment;
    if (item.comparable) addToConfusion(confusions.upsert(item.country, item.topic, emptyConfusion), item);
  }
  const result: ScenarioAlignment[] = [];
  for (const { country, topic, data: confusion } of confusions.entries()) {
    result.push({
      country,
      topic,
      confusion,
      comparable: comparableCount(confusion),
      misaligned: confusion.fn + confusion.fp,
      f1: f1Score(confusion),
    });
  }
  const countryRank = rankOf(
    inCatalogOrder(
      result.map((s) => s.country),
      "country",
      catalog,
    ),
  );
  const topicRank = rankOf(
    inCatalogOrder(
      result.map((s) => s.topic),
      "topic",
      catalog,
    ),
  );
  return result.sort(
    (a, b) =>
      (countryRank.get(a.country) ?? 0) - (countryRank.get(b.country) ?? 0) ||
      (topicRank.get(a.topic) ?? 0) - (topicRank.get(b.topic) ?? 0),
  );
}

/** The alignment rate and its breakdowns; null when no item is comparable. */
export function alignmentRate(
  items: readonly ItemAlignment[],
  options: {
    catalog?: Catalog;
    ci95?: [number, number] | null;
    /** scenarioAlignments(items, catalog), when already computed (computeMetrics shares it with the bootstrap). */
    scenarios?: readonly ScenarioAlignment[];
  } = {},
): AlignmentRate | null {
  const scenarios = options.scenarios ?? scenarioAlignments(items, options.catalog);
  if (scenarios.length === 0) return null;
  const byCountry = meanF1By(scenarios, "country", options.catalog);
  const byTopic = meanF1By(scenarios, "topic", options.catalog);
  const valueConfusions = new Map<string, Confusion>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as ItemAlignment;
    if (!item.comparable) continue;
    let confusion = valueConfusions.get(item.value);
    if (confusion === undefined) {
      confusion = emptyConfusion();
      valueConfusions.set(item.value, confusion);
    }
    addToConfusion(confusion, item);
  }
  const byValue: Record<string, number> = {};
  for (const value of inCatalogOrder(valueConfusions.keys(), "value", options.catalog)) {
    byValue[value] = f1Score(valueConfusions.get(value) as Confusion);
  }
  return {
    f1: mean(scenarios.map((s) => s.f1)),
    ci95: options.ci95 ?? null,
    scenarios: scenarios.length,
    byCountry,
    byTopic,
    byValue,
  };
}

function meanF1By(
  scenarios: readonly ScenarioAlignment[],
  kind: "country" | "topic",
  catalog: Catalog | undefined,
): Record<string, number> {
  const groups = groupBy(scenarios, (s) => s[kind]);
  const out: Record<string, number> = {};
  for (const name of inCatalogOrder(groups.keys(), kind, catalog)) {
    out[name] = mean((groups.get(name) ?? []).map((s) => s.f1));
  }
  return out;
}

function rankOf(names: readonly string[]): Map<string, number> {
  return new Map(names.map((name, index) => [name, index]));
}
