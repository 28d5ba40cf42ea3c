import { InputError, orderOfVariant, type Polarity, type Task2Record } from "@valens/core";

/** One row of a per-action choice file: "the model did (not) choose this action". */
export interface ChoiceRow {
  country: string;
  topic: string;
  value: string;
  polarity: Polarity;
  variant: number;
  chosen: boolean;
  /** 1-based line in the choice file. */
  line: number;
  /** 0-based VIA row of the action, when known. */
  sourceRow?: number;
  /** Identifies the action row; repeats of one row must agree. */
  rowId: string;
}

/**
 * Folds per-action rows into one Task-2 record per item and variant. The row marked chosen gives
 * the polarity; both rows of an item must say the same thing (one chosen, one not), and a row
 * seen twice must not change its answer. An item with only an unchosen row chose the other action.
 */
export function choicesToRecords(rows: Iterable<ChoiceRow>, file: string, note: string): Task2Record[] {
  const groups = new Map<string, ChoiceRow[]>();
  for (const row of rows) {
    const key = `${row.country}|${row.topic}|${row.value}|${row.variant}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const records: Task2Record[] = [];
  for (const group of groups.values()) {
    const distinct = new Map<string, ChoiceRow>();
    for (const row of group) {
      const earlier = distinct.get(row.rowId);
      if (earlier && earlier.chosen !== row.chosen) {
        throw conflict(file, [earlier, row], "the same action is marked both chosen and not chosen");
      }
      if (!earlier) distinct.set(row.rowId, row);
    }
    const unique = [...distinct.values()];
    const byPolarity = new Map<Polarity, ChoiceRow>();
    for (const row of unique) {
      const earlier = byPolarity.get(row.polarity);
      if (earlier) throw conflict(file, [earlier, row], "two different actions of the same polarity");
      byPolarity.set(row.polarity, row);
    }
    const chosenRows = unique.filter((row) => row.chosen);
    if (chosenRows.length > 1) throw conflict(file, chosenRows, "both actions are marked chosen");
    if (chosenRows.length === 0 && unique.length > 1)
      throw conflict(file, unique, "neither action is marked chosen");
    const first = unique[0] as ChoiceRow;
    const chosen: Polarity = chosenRows[0]
      ? chosenRows[0].polarity
      : first.polarity === "positive"
        ? "negative"
        : "positive";
    const sourceRows = unique
      .map((row) => row.sourceRow)
      .filter((r): r is number => r !== undefined)
      .sort((a, b) => a - b);
    records.push({
      country: first.country,
      topic: first.topic,
      value: first.value,
      variant: first.variant,
      sample: 0,
      order: orderOfVariant(first.variant),
      chosen,
      answer: null,
      explanation: null,
      raw: null,
      parseStatus: "clean",
      parseNote: note,
      ...(sourceRows.length > 0 ? { sourceRows } : {}),
    });
  }
  return records;
}

function conflict(file: string, rows: readonly ChoiceRow[], what: string): InputError {
  const first = rows[0] as ChoiceRow;
  return new InputError(
    `Conflicting task-2 choices for ${first.country}, ${first.topic}, ${first.value} (variant ${first.variant}): ${what}, lines ${rows.map((r) => r.line).join(" and ")}`,
    {
      file,
      line: rows[rows.length - 1]?.line ?? first.line,
      hint: "Each item needs exactly one chosen action",
    },
  );
}
