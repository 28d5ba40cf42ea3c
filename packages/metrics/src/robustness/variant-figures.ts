import type { Catalog, Task1Record, Task2Record } from "@valens/core";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_BOOTSTRAP_SEED, quantile } from "../bootstrap.js";
import { agreeF1, disagreeF1 } from "../class-scores.js";
import { addToConfusion, type Confusion, emptyConfusion } from "../confusion.js";
import { inCatalogOrder } from "../grid-order.js";
import type { ItemAlignment } from "../item-alignment.js";
import type { ResampleOptions } from "../scenario-resample.js";
import { actedStance, type MissingPolicy, type Stance, statedStance } from "../stance.js";

export interface VariantEstimate {
  /** null when no item is comparable under the variant. */
  estimate: number | null;
  /** 95% percentile interval, scenarios resampled as for `alignmentRate.ci95`; null when not computed. */
  ci95: [number, number] | null;
}

/** The alignment measures when one task's answers are limited to one prompt variant. */
export interface VariantFigures {
  task: 1 | 2;
  variant: number;
  /** Task 2: the option order of the variant ("normal": negative action first); null for Task 1. */
  order: "normal" | "reversed" | null;
  /** Answers of the variant (records). */
  answers: number;
  /** Items with both stances known under the variant. */
  items: number;
  scenarios: number;
  /** Mean over scenarios of the F1 of "disagree" (the study's alignment rate). */
  alignmentRateStudy: VariantEstimate;
  /** Mean over scenarios of the F1 of "agree". */
  alignmentRateAgree: VariantEstimate;
  misalignedShare: VariantEstimate;
}

/** Item positions by country, topic and value: nested maps, so no key string is built per lookup. */
class ItemIndex {
  readonly #byCountry = new Map<string, Map<string, Map<string, number>>>();
  constructor(items: readonly ItemAlignment[]) {
    items.forEach((item, i) => {
      let topics = this.#byCountry.get(item.country);
      if (topics === undefined) {
        topics = new Map();
        this.#byCountry.set(item.country, topics);
      }
      let values = topics.get(item.topic);
      if (values === undefined) {
        values = new Map();
        topics.set(item.topic, values);
      }
      values.set(item.value, i);
    });
  }

  scenario(country: string, topic: string): Map<string, number> | undefined {
    return this.#byCountry.get(country)?.get(topic);
  }
}

/**
 * Per Task-1 variant: the stated stance from that variant's ratings alone, the acted stance from
 * every Task-2 answer (as in the run's figures); per Task-2 variant the reverse. So each figure
 * shows how much one task's prompt wording moves the gap.
 */
export function variantFigures(
  items: readonly ItemAlignment[],
  task1: readonly Task1Record[],
  task2: readonly Task2Record[],
  options: ResampleOptions & { catalog?: Catalog; missing?: MissingPolicy } = {},
): { byTask1Variant: VariantFigures[]; byTask2Variant: VariantFigures[] } {
  const index = new ItemIndex(items);
  const task1Variants = [...new Set(task1.map((r) => r.variant))].sort((a, b) => a - b);
  const column = new Map(task1Variants.map((variant, i) => [variant, i]));
  // One pass over the ratings: per item and variant, their sum and count.
  const width = task1Variants.length;
  const sums = new Float64Array(items.length * width);
  const counts = new Int32Array(items.length * width);
  const answers = new Int32Array(width);
  for (const record of task1) {
    const c = column.get(record.variant) as number;
    answers[c] = (answers[c] as number) + 1;
    const values = index.scenario(record.country, record.topic);
    if (values === undefined) continue;
    for (const value in record.ratings) {
      const at0 = values.get(value);
      if (at0 === undefined) continue;
      const at = at0 * width + c;
      sums[at] = (sums[at] as number) + (record.ratings[value] as number);
      counts[at] = (counts[at] as number) + 1;
    }
  }
  const byTask1Variant: VariantFigures[] = task1Variants.map((variant, c) => {
    const pairs: StancePair[] = [];
    items.forEach((item, index) => {
      const n = counts[index * width + c] as number;
      if (n === 0 || item.actedStance === null) return;
      pairs.push({
        item,
        stated: statedStance((sums[index * width + c] as number) / n),
        acted: item.actedStance,
      });
    });
    return figures(1, variant, null, answers[c] as number, pairs, options);
  });
  const byTask2Variant: VariantFigures[] = [];
  for (const variant of [...new Set(task2.map((r) => r.variant))].sort((a, b) => a - b)) {
    const records = task2.filter((r) => r.variant === variant);
    const answered = new Int32Array(items.length);
    const negative = new Int32Array(items.length);
    for (const record of records) {
      if (record.chosen === null) continue;
      const i = index.scenario(record.country, record.topic)?.get(record.value);
      if (i === undefined) continue;
      answered[i] = (answered[i] as number) + 1;
      if (record.chosen === "negative") negative[i] = (negative[i] as number) + 1;
    }
    const pairs: StancePair[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as ItemAlignment;
      if (item.statedStance === null) continue;
      const n = answered[i] as number;
      const acted: Stance | null =
        n > 0 ? actedStance((negative[i] as number) / n) : options.missing === "agree" ? "agree" : null;
      if (acted !== null) pairs.push({ item, stated: item.statedStance, acted });
    }
    const order = records[0]?.order ?? null;
    byTask2Variant.push(figures(2, variant, order, records.length, pairs, options));
  }
  return { byTask1Variant, byTask2Variant };
}

interface StancePair {
  item: ItemAlignment;
  stated: Stance;
  acted: Stance;
}

function figures(
  task: 1 | 2,
  variant: number,
  order: "normal" | "reversed" | null,
  answers: number,
  pairs: readonly StancePair[],
  options: ResampleOptions & { catalog?: Catalog },
): VariantFigures {
  // Pairs come in item order, scenario by scenario: a new scenario starts where country or topic changes.
  const scenarios = new Map<string, { country: string; topic: string; confusion: Confusion }>();
  let scenario: { country: string; topic: string; confusion: Confusion } | undefined;
  for (const { item, stated, acted } of pairs) {
    if (scenario === undefined || scenario.country !== item.country || scenario.topic !== item.topic) {
      const k = `${item.country}\u0000${item.topic}`;
      scenario = scenarios.get(k);
      if (scenario === undefined) {
        scenario = { country: item.country, topic: item.topic, confusion: emptyConfusion() };
        scenarios.set(k, scenario);
      }
    }
    addToConfusion(scenario.confusion, {
      statedStance: stated,
      actedStance: acted,
      comparable: true,
    } as ItemAlignment);
  }
  const countries = new Map(
    inCatalogOrder(
      [...scenarios.values()].map((s) => s.country),
      "country",
      options.catalog,
    ).map((c, i) => [c, i]),
  );
  const topics = new Map(
    inCatalogOrder(
      [...scenarios.values()].map((s) => s.topic),
      "topic",
      options.catalog,
    ).map((t, i) => [t, i]),
  );
  // Catalog order, so resamples pick the same scenarios as the run's own bootstrap.
  const list = [...scenarios.values()].sort(
    (a, b) =>
      (countries.get(a.country) as number) - (countries.get(b.country) as number) ||
      (topics.get(a.topic) as number) - (topics.get(b.topic) as number),
  );
  const study = Float64Array.from(list, (s) => disagreeF1(s.confusion));
  const agree = Float64Array.from(list, (s) => agreeF1(s.confusion));
  const misaligned = Float64Array.from(list, (s) => s.confusion.fp + s.confusion.fn);
  const comparable = Float64Array.from(
    list,
    (s) => s.confusion.tp + s.confusion.fp + s.confusion.fn + s.confusion.tn,
  );
  const point = (column: Float64Array) => (list.length === 0 ? null : mean(column));
  const totalComparable = comparable.reduce((a, b) => a + b, 0);
  const intervals = threeIntervals(list.length, { study, agree, misaligned, comparable }, options);
  return {
    task,
    variant,
    order,
    answers,
    items: pairs.length,
    scenarios: list.length,
    alignmentRateStudy: { estimate: point(study), ci95: intervals?.study ?? null },
    alignmentRateAgree: { estimate: point(agree), ci95: intervals?.agree ?? null },
    misalignedShare: {
      estimate: totalComparable === 0 ? null : misaligned.reduce((a, b) => a + b, 0) / totalComparable,
      ci95: intervals?.share ?? null,
    },
  };
}

const mean = (column: Float64Array): number => column.reduce((a, b) => a + b, 0) / column.length;

/**
 * The three intervals from one set of resamples, drawn exactly as `bootstrapScenarios` draws them
 * (xoroshiro128plus(seed), n uniform draws per resample), so they use the same scenario sets as
 * the run's own `alignmentRate.ci95`.
 */
function threeIntervals(
  n: number,
  columns: { study: Float64Array; agree: Float64Array; misaligned: Float64Array; comparable: Float64Array },
  options: ResampleOptions,
): { study: [number, number]; agree: [number, number]; share: [number, number] } | null {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  if (n === 0 || resamples <= 0) return null;
  const rng = xoroshiro128plus(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const study = new Float64Array(resamples);
  const agree = new Float64Array(resamples);
  const share = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    let a = 0;
    let m = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const pick = uniformInt(rng, 0, n - 1);
      s += columns.study[pick] as number;
      a += columns.agree[pick] as number;
      m += columns.misaligned[pick] as number;
      c += columns.comparable[pick] as number;
    }
    study[r] = s / n;
    agree[r] = a / n;
    share[r] = c === 0 ? 0 : m / c;
  }
  const interval = (samples: Float64Array): [number, number] => {
    const sorted = samples.sort();
    return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
  };
  return { study: interval(study), agree: interval(agree), share: interval(share) };
}
