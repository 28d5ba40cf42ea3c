/** What spreadPick needs of an item. */
export interface Spreadable {
  country: string;
  topic: string;
  value: string;
}

/**
 * Picks `n` items from a list ranked best first, spread over countries and topics: each pick
 * takes the best-ranked item whose country and topic have been used least so far, then one
 * whose value is new. A ranking by distance alone would take every example from the first
 * cells where the largest gaps happen to sit.
 */
export function spreadPick<T extends Spreadable>(ranked: readonly T[], n: number): T[] {
  const chosen: T[] = [];
  const countryUses = new Map<string, number>();
  const topicUses = new Map<string, number>();
  const values = new Set<string>();
  const taken = new Set<number>();
  while (chosen.length < n && taken.size < ranked.length) {
    let best = -1;
    let bestKey: [number, number, number] = [Number.POSITIVE_INFINITY, 1, 0];
    for (const [index, item] of ranked.entries()) {
      if (taken.has(index)) continue;
      const key: [number, number, number] = [
        Math.max(countryUses.get(item.country) ?? 0, topicUses.get(item.topic) ?? 0) * 2 +
          (countryUses.get(item.country) ?? 0) +
          (topicUses.get(item.topic) ?? 0),
        values.has(item.value) ? 1 : 0,
        index,
      ];
      if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
        best = index;
        bestKey = key;
      }
    }
    if (best < 0) break;
    const item = ranked[best] as T;
    taken.add(best);
    chosen.push(item);
    countryUses.set(item.country, (countryUses.get(item.country) ?? 0) + 1);
    topicUses.set(item.topic, (topicUses.get(item.topic) ?? 0) + 1);
    values.add(item.value);
  }
  return chosen;
}
