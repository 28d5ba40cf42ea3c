import { type ActionRecord, type Catalog, InputError, type Item, itemKey } from "@valens/core";

/** An item of Task 2: both actions of (country, topic, value). */
export interface EvalItem extends Item {
  positive: ActionRecord;
  negative: ActionRecord;
}

export interface UnpairableItem {
  item: string;
  reason: string;
}

export interface Pairing {
  items: EvalItem[];
  /** Items whose two actions exist but one has no usable text (its answer could not be read). */
  unpairable: UnpairableItem[];
  /** Repeated (item, polarity) records after the first, which are ignored. */
  duplicates: number;
}

/**
 * Pairs the positive and negative action of every item, with names made canonical by the
 * catalog. An item lacking one polarity altogether is an error (the dataset is incomplete);
 * an item whose action text could not be parsed is reported as unpairable, never dropped silently.
 */
export function pairItems(actions: readonly ActionRecord[], catalog: Catalog, source?: string): Pairing {
  const byItem = new Map<string, { item: Item; positive?: ActionRecord; negative?: ActionRecord }>();
  let duplicates = 0;
  actions.forEach((record, index) => {
    const where = {
      ...(source === undefined ? {} : { file: source }),
      item: `record ${index + 1}`,
    };
    const item: Item = {
      country: catalog.country(record.country, where),
      topic: catalog.topic(record.topic, where),
      value: catalog.value(record.value, where).name,
    };
    const key = itemKey(item);
    const entry = byItem.get(key) ?? { item };
    if (entry[record.polarity]) duplicates++;
    else entry[record.polarity] = { ...record, ...item };
    byItem.set(key, entry);
  });

  const missing: string[] = [];
  const items: EvalItem[] = [];
  const unpairable: UnpairableItem[] = [];
  for (const [key, entry] of byItem) {
    if (!entry.positive || !entry.negative) {
      missing.push(`${key} (no ${entry.positive ? "negative" : "positive"} action)`);
      continue;
    }
    const bad = [entry.positive, entry.negative].filter((r) => r.action === null || r.action.trim() === "");
    if (bad.length > 0) {
      unpairable.push({
        item: key,
        reason: bad
          .map((r) => `the ${r.polarity} answer could not be read (${r.parseNote ?? "no action text"})`)
          .join("; "),
      });
      continue;
    }
    items.push({ ...entry.item, positive: entry.positive, negative: entry.negative });
  }
  if (missing.length > 0) {
    throw new InputError(
      `The dataset lacks one polarity for ${missing.length} item${missing.length > 1 ? "s" : ""}: ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", ..." : ""}`,
      {
        ...(source === undefined ? {} : { file: source }),
        hint: "Every item needs a positive and a negative action; regenerate the missing ones with `valens dataset generate`",
      },
    );
  }
  return { items, unpairable, duplicates };
}
