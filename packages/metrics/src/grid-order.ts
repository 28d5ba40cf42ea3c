import { type Catalog, defaultCatalog } from "@valens/core";

/**
 * Orders names as the catalog lists them (the order of the study's figures); names the catalog
 * does not know (from an extended catalog) follow, alphabetically.
 */
export function inCatalogOrder(
  names: Iterable<string>,
  kind: "country" | "topic" | "value",
  catalog: Catalog = defaultCatalog,
): string[] {
  const order: readonly string[] =
    kind === "country"
      ? catalog.countries
      : kind === "topic"
        ? catalog.topics
        : catalog.values.map((v) => v.name);
  const rank = new Map(order.map((name, index) => [name, index]));
  return [...new Set(names)].sort((a, b) => {
    const ra = rank.get(a) ?? Number.POSITIVE_INFINITY;
    const rb = rank.get(b) ?? Number.POSITIVE_INFINITY;
    return ra === rb ? a.localeCompare(b) : ra - rb;
  });
}

/** Groups items by a key, keeping insertion order. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
