/** A scenario's entry in a ScenarioMap. */
export interface ScenarioEntry<T> {
  country: string;
  topic: string;
  data: T;
}

/**
 * Values keyed by scenario (country, topic). Maps nested by country then topic are keyed by the
 * records' own strings, so a lookup builds no "country|topic" string (building and hashing one
 * per record was a large part of grouping tens of thousands of records).
 */
export class ScenarioMap<T> {
  readonly #byCountry = new Map<string, Map<string, T>>();
  /**
   * Records of one scenario usually come together (runs are written scenario by scenario), so
   * upsert checks the last one first: two string comparisons instead of two map lookups.
   */
  #last: ScenarioEntry<T> | undefined;

  /** The scenario's value, made by `create` on first use. */
  upsert(country: string, topic: string, create: () => T): T {
    const last = this.#last;
    if (last !== undefined && last.country === country && last.topic === topic) return last.data;
    let topics = this.#byCountry.get(country);
    if (topics === undefined) {
      topics = new Map();
      this.#byCountry.set(country, topics);
    }
    let value = topics.get(topic);
    if (value === undefined) {
      value = create();
      topics.set(topic, value);
    }
    this.#last = { country, topic, data: value };
    return value;
  }

  /** Every scenario, in insertion order of countries, then of topics within a country. */
  entries(): ScenarioEntry<T>[] {
    const out: ScenarioEntry<T>[] = [];
    for (const [country, topics] of this.#byCountry)
      for (const [topic, data] of topics) out.push({ country, topic, data });
    return out;
  }

  /**
   * Every scenario, sorted by country then topic (code-unit order, as compareItems). Scenarios of
   * one topic share one topic string (see sortedUnion).
   */
  sorted(): ScenarioEntry<T>[] {
    const topics = sortedUnion(this.#byCountry.values());
    const out: ScenarioEntry<T>[] = [];
    for (const country of [...this.#byCountry.keys()].sort()) {
      const byTopic = this.#byCountry.get(country) as Map<string, T>;
      for (const topic of topics) {
        const data = byTopic.get(topic);
        if (data !== undefined) out.push({ country, topic, data });
      }
    }
    return out;
  }
}

/** Plain code-unit order: cheap, and locale-independent so outputs match across machines. */
export const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The keys of several maps, once each, in code-unit order (as compareCodeUnits: the default sort
 * compares strings by code units, natively). Walking each map in this one list orders them all
 * with a single sort, and gives every occurrence of a name the same string object, so that maps
 * keyed by these names later match keys by identity instead of comparing their text.
 */
export function sortedUnion(maps: Iterable<ReadonlyMap<string, unknown>>): string[] {
  const names = new Set<string>();
  const add = (_: unknown, name: string) => names.add(name);
  for (const map of maps) map.forEach(add);
  return [...names].sort();
}
