import type { Catalog } from "@valens/core";
import { type ScenarioAlignment, scenarioAlignments } from "./alignment-rate.js";
import { agreeF1, cohenKappa, disagreeF1, macroF1 } from "./class-scores.js";
import { addToConfusion, type Confusion, emptyConfusion } from "./confusion.js";
import { groupBy, inCatalogOrder, mean } from "./grid-order.js";
import type { ItemAlignment } from "./item-alignment.js";
import { meanOfPicks, type ResampleOptions, scenarioBootstrap } from "./scenario-resample.js";

/** One scenario's class-wise scores: what the study averages, per scenario. */
export interface ScenarioScores {
  country: string;
  topic: string;
  /** Comparable items of the scenario (its values with both stances known). */
  comparable: number;
  confusion: Confusion;
  /** The study's alignment rate of the scenario: F1 of "disagree" (0 with no disagree on either side). */
  disagreeF1: number;
  /** F1 of "agree" (valens's `alignmentRate.f1` per scenario). */
  agreeF1: number;
  /** scikit-learn macro-F1 over the classes present. */
  macroF1: number;
  /** Cohen's kappa; null when undefined (both sides all one class). */
  kappa: number | null;
}

/** A per-scenario score averaged as the study averages its alignment rate. */
export interface ScenarioMeanScore {
  /** Mean over scenarios with at least one comparable item. */
  overall: number;
  /** 95% percentile interval, scenarios resampled as for `alignmentRate.ci95`; null when not computed. */
  ci95: [number, number] | null;
  scenarios: number;
  /** Mean of the country's scenario scores (catalog order). */
  byCountry: Record<string, number>;
  /** Mean of the topic's scenario scores (catalog order). */
  byTopic: Record<string, number>;
  /**
   * The score over the value's comparable items pooled across scenarios (a value has one item
   * per scenario, so a per-scenario score of one value is not defined; docs/measures.md).
   */
  byValue: Record<string, number>;
}

/** Cohen's kappa pooled over items (a per-scenario kappa is undefined wherever a scenario is all "agree"). */
export interface PooledKappa {
  /** Over every comparable item; null when undefined. */
  overall: number | null;
  ci95: [number, number] | null;
  byCountry: Record<string, number | null>;
  byTopic: Record<string, number | null>;
  byValue: Record<string, number | null>;
}

export interface StudyAlignment {
  study: ScenarioMeanScore;
  macroF1: ScenarioMeanScore;
  kappa: PooledKappa;
}

/** Every scenario's class-wise scores, in catalog order (scenarios with a comparable item). */
export function scenarioScores(
  items: readonly ItemAlignment[],
  options: { catalog?: Catalog; scenarios?: readonly ScenarioAlignment[] } = {},
): ScenarioScores[] {
  const scenarios = options.scenarios ?? scenarioAlignments(items, options.catalog);
  return scenarios.map((s) => ({
    country: s.country,
    topic: s.topic,
    comparable: s.comparable,
    confusion: s.confusion,
    disagreeF1: disagreeF1(s.confusion),
    agreeF1: agreeF1(s.confusion),
    macroF1: macroF1(s.confusion),
    kappa: cohenKappa(s.confusion),
  }));
}

/** The study's alignment rate per scenario (F1 of disagree), in catalog order: the figures it averages. */
export function studyScenarioF1s(
  items: readonly ItemAlignment[],
  catalog?: Catalog,
): { country: string; topic: string; f1: number }[] {
  return scenarioScores(items, catalog === undefined ? {} : { catalog }).map((s) => ({
    country: s.country,
    topic: s.topic,
    f1: s.disagreeF1,
  }));
}

/**
 * The study's alignment rate (F1 of disagree), macro-F1 and Cohen's kappa, with breakdowns and
 * scenario-bootstrap intervals; null when no item is comparable.
 */
export function studyAlignment(
  items: readonly ItemAlignment[],
  options: ResampleOptions & { catalog?: Catalog; scenarios?: readonly ScenarioAlignment[] } = {},
): StudyAlignment | null {
  const scores = scenarioScores(items, options);
  if (scores.length === 0) return null;
  const catalog = options.catalog;
  const byValue = valueConfusions(items, catalog);
  const resample = {
    ...(options.resamples === undefined ? {} : { resamples: options.resamples }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
  const summary = (score: (s: ScenarioScores) => number, pooled: (c: Confusion) => number) => {
    const column = Float64Array.from(scores, score);
    return {
      overall: mean([...column]),
      ci95: scenarioBootstrap(scores.length, meanOfPicks(column), resample),
      scenarios: scores.length,
      byCountry: meanBy(scores, "country", score, catalog),
      byTopic: meanBy(scores, "topic", score, catalog),
      byValue: mapValues(byValue, pooled),
    };
  };
  return {
    study: summary((s) => s.disagreeF1, disagreeF1),
    macroF1: summary((s) => s.macroF1, macroF1),
    kappa: {
      overall: cohenKappa(sumConfusions(scores.map((s) => s.confusion))),
      ci95: scenarioBootstrap(
        scores.length,
        (picks) =>
          cohenKappa(sumConfusions(Array.from(picks, (i) => (scores[i] as ScenarioScores).confusion))) ??
          Number.NaN,
        resample,
      ),
      byCountry: pooledBy(scores, "country", catalog),
      byTopic: pooledBy(scores, "topic", catalog),
      byValue: mapValues(byValue, cohenKappa),
    },
  };
}

function meanBy(
  scores: readonly ScenarioScores[],
  kind: "country" | "topic",
  score: (s: ScenarioScores) => number,
  catalog: Catalog | undefined,
): Record<string, number> {
  const groups = groupBy(scores, (s) => s[kind]);
  const out: Record<string, number> = {};
  for (const name of inCatalogOrder(groups.keys(), kind, catalog))
    out[name] = mean((groups.get(name) ?? []).map(score));
  return out;
}

function pooledBy(
  scores: readonly ScenarioScores[],
  kind: "country" | "topic",
  catalog: Catalog | undefined,
): Record<string, number | null> {
  const groups = groupBy(scores, (s) => s[kind]);
  const out: Record<string, number | null> = {};
  for (const name of inCatalogOrder(groups.keys(), kind, catalog))
    out[name] = cohenKappa(sumConfusions((groups.get(name) ?? []).map((s) => s.confusion)));
  return out;
}

/** Each value's comparable items over all scenarios, in catalog order. */
function valueConfusions(
  items: readonly ItemAlignment[],
  catalog: Catalog | undefined,
): Map<string, Confusion> {
  const byValue = new Map<string, Confusion>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as ItemAlignment;
    if (!item.comparable) continue;
    let confusion = byValue.get(item.value);
    if (confusion === undefined) {
      confusion = emptyConfusion();
      byValue.set(item.value, confusion);
    }
    addToConfusion(confusion, item);
  }
  const ordered = new Map<string, Confusion>();
  for (const value of inCatalogOrder(byValue.keys(), "value", catalog))
    ordered.set(value, byValue.get(value) as Confusion);
  return ordered;
}

function mapValues<T>(confusions: Map<string, Confusion>, score: (c: Confusion) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [value, confusion] of confusions) out[value] = score(confusion);
  return out;
}

function sumConfusions(confusions: readonly Confusion[]): Confusion {
  const total = emptyConfusion();
  for (const c of confusions) {
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
    total.tn += c.tn;
  }
  return total;
}
