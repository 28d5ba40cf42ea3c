import { type Catalog, defaultCatalog, InputError, VALENS_VERSION } from "@valens/core";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { DEFAULT_BOOTSTRAP_SEED } from "../bootstrap.js";
import { addToConfusion, type Confusion, emptyConfusion } from "../confusion.js";
import { inCatalogOrder } from "../grid-order.js";
import type { ItemAlignment } from "../item-alignment.js";
import type { MissingPolicy } from "../stance.js";
import { exactMcNemar } from "../stats/mcnemar.js";
import { benjaminiHochberg, holm } from "../stats/p-adjust.js";
import {
  COMPARE_FORMAT_VERSION,
  type ComparedPair,
  type ComparedRun,
  type ComparisonKind,
  type ComparisonReport,
  type ComparisonRow,
} from "./compare-schema.js";
import { type Aggregation, PairedUnits } from "./paired-bootstrap.js";

/** A run as compare needs it: its item join (itemAlignments) and what identifies it. */
export interface CompareInput {
  /** Unique label of the run in the output (the model name, suffixed when two runs share it). */
  id: string;
  dir: string;
  model: string;
  /** Which catalog the run was made over ("built-in", or the catalog file eval was given). */
  catalog: string;
  items: readonly ItemAlignment[];
}

export interface CompareOptions {
  /** Bootstrap resamples (default 2000); 0 skips the intervals. */
  resamples?: number;
  seed?: number;
  /** Significance level of `significant` (Holm-adjusted p), default 0.05. */
  alpha?: number;
  missing?: MissingPolicy;
  catalog?: Catalog;
}

export const DEFAULT_COMPARE_RESAMPLES = 2000;

/** Below this many shared scenarios a percentile bootstrap over scenarios is too narrow to trust. */
const FEW_SCENARIOS = 10;

/**
 * Paired comparison of every pair of runs on the items comparable in both: differences (b - a)
 * in both alignment rates and the misaligned share with paired scenario-bootstrap intervals, an
 * exact McNemar test of item-level alignment, per country, topic and value too, with Holm and
 * Benjamini-Hochberg adjustment over each kind of row across all pairs.
 */
export function compareRuns(runs: readonly CompareInput[], options: CompareOptions = {}): ComparisonReport {
  if (runs.length < 2)
    throw new InputError(
      `valens compare needs at least two runs, got ${runs.length}${runs[0] ? ` (${runs[0].dir})` : ""}`,
      { hint: "Pass two or more run directories, e.g. valens compare runs/a runs/b" },
    );
  const catalogs = new Set(runs.map((r) => r.catalog));
  if (catalogs.size > 1)
    throw new InputError(
      `The runs were made over different catalogs (${runs.map((r) => `${r.dir}: ${r.catalog}`).join("; ")})`,
      { hint: "Compare runs evaluated over the same catalog (eval --catalog)" },
    );
  const catalog = options.catalog ?? defaultCatalog;
  const resamples = options.resamples ?? DEFAULT_COMPARE_RESAMPLES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const alpha = options.alpha ?? 0.05;
  const comparable = runs.map((run) => {
    const byKey = new Map<string, ItemAlignment>();
    for (const item of run.items) if (item.comparable) byKey.set(itemKeyOf(item), item);
    if (byKey.size === 0)
      throw new InputError(`${run.dir} has no item with both a stated rating and a Task-2 choice`, {
        hint: "Compare runs with both tasks (valens eval --tasks 1,2, or import a Task-2 file)",
      });
    return byKey;
  });
  const notes: string[] = [];
  const pairs: ComparedPair[] = [];
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      const a = runs[i] as CompareInput;
      const b = runs[j] as CompareInput;
      const pair = comparePair(
        a,
        b,
        comparable[i] as Map<string, ItemAlignment>,
        comparable[j] as Map<string, ItemAlignment>,
        {
          catalog,
          resamples,
          rng: xoroshiro128plus(seed),
        },
      );
      if (pair.sameModel)
        notes.push(
          `${a.id} and ${b.id} are both runs of ${a.model}: their differences measure run-to-run variation (sampling, prompts, model updates), not a difference between models.`,
        );
      if (pair.onlyA + pair.onlyB > 0)
        notes.push(
          `${a.id} vs ${b.id}: ${pair.sharedItems} shared items compared; ${pair.onlyA} items comparable only in ${a.id} and ${pair.onlyB} only in ${b.id} are left out.`,
        );
      if (resamples > 0 && pair.overall.scenarios < FEW_SCENARIOS)
        notes.push(
          `${a.id} vs ${b.id}: only ${pair.overall.scenarios} scenarios are shared; a bootstrap over so few scenarios understates the uncertainty, so read the intervals with care (the McNemar test does not depend on them).`,
        );
      pairs.push(pair);
    }
  }
  adjust(pairs, alpha);
  return {
    kind: "valens-compare",
    formatVersion: COMPARE_FORMAT_VERSION,
    valensVersion: VALENS_VERSION,
    missing: options.missing ?? "exclude",
    alpha,
    bootstrap: { resamples, seed, unit: "scenario", interval: "percentile-95" },
    families: "kind-across-pairs",
    runs: runs.map(
      (run, i): ComparedRun => ({
        id: run.id,
        dir: run.dir,
        model: run.model,
        catalog: run.catalog,
        comparableItems: (comparable[i] as Map<string, ItemAlignment>).size,
      }),
    ),
    pairs,
    notes,
  };
}

const itemKeyOf = (item: ItemAlignment): string => `${item.country}\u0000${item.topic}\u0000${item.value}`;

interface Group {
  name: string;
  units: { a: Confusion; b: Confusion }[];
  alignedOnlyA: number;
  alignedOnlyB: number;
  items: number;
}

type Scenario = Group & { country: string; topic: string };

function comparePair(
  a: CompareInput,
  b: CompareInput,
  itemsA: Map<string, ItemAlignment>,
  itemsB: Map<string, ItemAlignment>,
  o: { catalog: Catalog; resamples: number; rng: RandomGenerator },
): ComparedPair {
  const { scenarios, values, shared } = groupShared(itemsA, itemsB);
  if (shared === 0)
    throw new InputError(`${a.dir} and ${b.dir} share no comparable item (country, topic, value)`, {
      hint: "Compare runs over the same countries, topics and values (eval --countries/--topics/--values)",
    });
  const ordered = inScenarioOrder(scenarios, o.catalog);
  const overall: Group = {
    name: "overall",
    units: ordered.flatMap((s) => s.units),
    alignedOnlyA: ordered.reduce((sum, s) => sum + s.alignedOnlyA, 0),
    alignedOnlyB: ordered.reduce((sum, s) => sum + s.alignedOnlyB, 0),
    items: shared,
  };
  // Rows draw their bootstrap resamples from o.rng in this order: overall, countries, topics, values.
  const row = (kind: ComparisonKind, group: Group, aggregation: Aggregation) =>
    comparisonRow(a.id, b.id, kind, kind === "overall" ? null : group.name, group, aggregation, o);
  return {
    a: a.id,
    b: b.id,
    sameModel: a.model === b.model,
    sharedItems: shared,
    onlyA: itemsA.size - shared,
    onlyB: itemsB.size - shared,
    overall: row("overall", overall, "mean"),
    byCountry: mergeScenarios(ordered, "country", o.catalog).map((g) => row("country", g, "mean")),
    byTopic: mergeScenarios(ordered, "topic", o.catalog).map((g) => row("topic", g, "mean")),
    byValue: inCatalogOrder(values.keys(), "value", o.catalog).map((name) =>
      row("value", values.get(name) as Group, "pooled"),
    ),
  };
}

/** The items both runs hold, by scenario (one confusion unit each) and by value (one unit per item). */
function groupShared(
  itemsA: Map<string, ItemAlignment>,
  itemsB: Map<string, ItemAlignment>,
): { scenarios: Map<string, Scenario>; values: Map<string, Group>; shared: number } {
  const scenarios = new Map<string, Scenario>();
  const values = new Map<string, Group>();
  let shared = 0;
  for (const [key, itemA] of itemsA) {
    const itemB = itemsB.get(key);
    if (itemB === undefined) continue;
    shared++;
    const scenarioKey = `${itemA.country}\u0000${itemA.topic}`;
    let scenario = scenarios.get(scenarioKey);
    if (scenario === undefined) {
      scenario = {
        name: scenarioKey,
        country: itemA.country,
        topic: itemA.topic,
        units: [{ a: emptyConfusion(), b: emptyConfusion() }],
        alignedOnlyA: 0,
        alignedOnlyB: 0,
        items: 0,
      };
      scenarios.set(scenarioKey, scenario);
    }
    const unit = scenario.units[0] as { a: Confusion; b: Confusion };
    addToConfusion(unit.a, itemA);
    addToConfusion(unit.b, itemB);
    count(scenario, itemA, itemB);
    let value = values.get(itemA.value);
    if (value === undefined) {
      value = { name: itemA.value, units: [], alignedOnlyA: 0, alignedOnlyB: 0, items: 0 };
      values.set(itemA.value, value);
    }
    const single = { a: emptyConfusion(), b: emptyConfusion() };
    addToConfusion(single.a, itemA);
    addToConfusion(single.b, itemB);
    value.units.push(single);
    count(value, itemA, itemB);
  }
  return { scenarios, values, shared };
}

/** Scenarios in catalog order: by country, then topic. */
function inScenarioOrder(scenarios: Map<string, Scenario>, catalog: Catalog): Scenario[] {
  const countryRank = rankOf(
    inCatalogOrder(
      [...scenarios.values()].map((s) => s.country),
      "country",
      catalog,
    ),
  );
  const topicRank = rankOf(
    inCatalogOrder(
      [...scenarios.values()].map((s) => s.topic),
      "topic",
      catalog,
    ),
  );
  return [...scenarios.values()].sort(
    (x, y) =>
      (countryRank.get(x.country) as number) - (countryRank.get(y.country) as number) ||
      (topicRank.get(x.topic) as number) - (topicRank.get(y.topic) as number),
  );
}

/** The scenarios of each country (or topic) as one group, groups in catalog order. */
function mergeScenarios(ordered: readonly Scenario[], kind: "country" | "topic", catalog: Catalog): Group[] {
  const groups = new Map<string, Group>();
  for (const s of ordered) {
    const name = s[kind];
    let group = groups.get(name);
    if (group === undefined) {
      group = { name, units: [], alignedOnlyA: 0, alignedOnlyB: 0, items: 0 };
      groups.set(name, group);
    }
    group.units.push(...s.units);
    group.alignedOnlyA += s.alignedOnlyA;
    group.alignedOnlyB += s.alignedOnlyB;
    group.items += s.items;
  }
  return inCatalogOrder(groups.keys(), kind, catalog).map((name) => groups.get(name) as Group);
}

/** Item-level alignment of a shared item in both runs, for McNemar's discordant counts. */
function count(group: Group, itemA: ItemAlignment, itemB: ItemAlignment): void {
  group.items++;
  if (!itemA.misaligned && itemB.misaligned) group.alignedOnlyA++;
  else if (itemA.misaligned && !itemB.misaligned) group.alignedOnlyB++;
}

function comparisonRow(
  a: string,
  b: string,
  kind: ComparisonKind,
  name: string | null,
  group: Group,
  aggregation: Aggregation,
  o: { resamples: number; rng: RandomGenerator },
): ComparisonRow {
  const units = new PairedUnits(group.units);
  const figuresA = units.figures(0, aggregation);
  const figuresB = units.figures(1, aggregation);
  const intervals = units.bootstrap(o.rng, o.resamples, aggregation);
  const test = exactMcNemar(group.alignedOnlyA, group.alignedOnlyB);
  const side = (f: typeof figuresA) => ({
    alignmentRateStudy: f.study,
    alignmentRateAgree: f.agree,
    misalignedShare: f.share,
    misaligned: f.misaligned,
  });
  return {
    a,
    b,
    kind,
    name,
    scenarios: units.length,
    items: group.items,
    runA: side(figuresA),
    runB: side(figuresB),
    difference: {
      alignmentRateStudy: { estimate: figuresB.study - figuresA.study, ci95: intervals?.study ?? null },
      alignmentRateAgree: { estimate: figuresB.agree - figuresA.agree, ci95: intervals?.agree ?? null },
      misalignedShare: { estimate: figuresB.share - figuresA.share, ci95: intervals?.share ?? null },
    },
    mcnemar: { alignedOnlyA: test.b, alignedOnlyB: test.c, pValue: test.pValue },
    // Set by adjust() once every pair's rows are known.
    pHolm: test.pValue,
    qBH: test.pValue,
    significant: false,
  };
}

/** Holm and BH over each kind of row across all pairs (the families the JSON names). */
function adjust(pairs: readonly ComparedPair[], alpha: number): void {
  const families: ComparisonRow[][] = [
    pairs.map((p) => p.overall),
    pairs.flatMap((p) => p.byCountry),
    pairs.flatMap((p) => p.byTopic),
    pairs.flatMap((p) => p.byValue),
  ];
  for (const rows of families) {
    const ps = rows.map((r) => r.mcnemar.pValue);
    const holmed = holm(ps);
    const qs = benjaminiHochberg(ps);
    rows.forEach((r, i) => {
      r.pHolm = holmed[i] as number;
      r.qBH = qs[i] as number;
      r.significant = r.pHolm < alpha;
    });
  }
}

function rankOf(names: readonly string[]): Map<string, number> {
  return new Map(names.map((name, index) => [name, index]));
}
