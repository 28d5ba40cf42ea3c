import {
  type ActionRecord,
  type Catalog,
  defaultCatalog,
  InputError,
  NO_OPTION_NOTE,
  orderOfVariant,
  type Polarity,
  readCsv,
  readTask2Answer,
  type Task2Record,
  textKey,
  type ViaImport,
} from "@valens/core";

export const TASK2_SAMPLES_COLUMNS = ["country", "topic", "value", "option1", "option2"] as const;

export interface Task2SamplesImport {
  file: string;
  records: Task2Record[];
  /** The items' two actions: the VIA rows whose text matches the options, else the option texts. */
  actions: ActionRecord[];
  counts: {
    rows: number;
    answers: number;
    clean: number;
    repaired: number;
    failed: number;
    /** Failed answers whose JSON was read but names no option (refusals). */
    noOption: number;
    /** Options matched to a VIA row by text. */
    matchedOptions: number;
    /** Options with no VIA row of the same item, polarity and text. */
    unmatchedOptions: number;
  };
}

/**
 * Reads the study's 8-variant task-2 sample format: option1 is the negative action and option2
 * the positive one; variants 2, 3, 6 and 7 showed them reversed, so there "Option 1" means the
 * positive action. Every answer is kept, with its raw text.
 */
export async function importTask2Samples(
  file: string,
  options: { via?: ViaImport; catalog?: Catalog } = {},
): Promise<Task2SamplesImport> {
  const catalog = options.catalog ?? defaultCatalog;
  const description = "task-2 samples CSV";
  const viaActions = new Map<string, ActionRecord>();
  for (const action of options.via?.actions ?? [])
    viaActions.set(`${action.country}|${action.topic}|${action.value}|${action.polarity}`, action);

  const records: Task2Record[] = [];
  const actions: ActionRecord[] = [];
  const counts = {
    rows: 0,
    answers: 0,
    clean: 0,
    repaired: 0,
    failed: 0,
    noOption: 0,
    matchedOptions: 0,
    unmatchedOptions: 0,
  };
  let variantColumns: number[] | undefined;

  for await (const { cells, line } of readCsv(file, {
    requiredColumns: TASK2_SAMPLES_COLUMNS,
    description,
  })) {
    variantColumns ??= evaluationColumns(Object.keys(cells), file);
    const where = { file, line };
    const country = catalog.country(cells.country ?? "", where);
    const topic = catalog.topic(cells.topic ?? "", where);
    const value = catalog.value(cells.value ?? "", where).name;
    counts.rows++;
    const sourceRows: number[] = [];
    for (const [polarity, text] of [
      ["negative", cells.option1 ?? ""],
      ["positive", cells.option2 ?? ""],
    ] as [Polarity, string][]) {
      const match = viaActions.get(`${country}|${topic}|${value}|${polarity}`);
      if (match?.action != null && textKey(match.action) === textKey(text)) {
        counts.matchedOptions++;
        actions.push(match);
        if (match.sourceRow !== undefined) sourceRows.push(match.sourceRow);
      } else {
        if (options.via) counts.unmatchedOptions++;
        actions.push({
          country,
          topic,
          value,
          polarity,
          action: text,
          attributions: [],
          explanation: null,
          raw: text,
          parseStatus: "clean",
          parseNote: "option text of the task-2 samples file",
        });
      }
    }
    for (const variant of variantColumns) {
      const raw = cells[`evaluation_${variant}`] ?? "";
      if (raw.trim() === "") continue;
      const record = toTask2Record(raw, { country, topic, value, variant });
      if (sourceRows.length > 0) record.sourceRows = [...sourceRows].sort((a, b) => a - b);
      counts.answers++;
      counts[record.parseStatus]++;
      if (record.parseNote === NO_OPTION_NOTE) counts.noOption++;
      records.push(record);
    }
  }
  return { file, records, actions, counts };
}

/** Maps one answer back to the polarity it chose, given the variant's option order. */
export function toTask2Record(
  raw: string,
  item: { country: string; topic: string; value: string; variant: number; sample?: number },
): Task2Record {
  const order = orderOfVariant(item.variant);
  return {
    country: item.country,
    topic: item.topic,
    value: item.value,
    variant: item.variant,
    sample: item.sample ?? 0,
    order,
    raw,
    ...readTask2Answer(raw, order),
  };
}

function evaluationColumns(columns: readonly string[], file: string): number[] {
  const variants = columns
    .map((column) => /^evaluation_([0-7])$/.exec(column)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  if (variants.length === 0) {
    throw new InputError("The task-2 samples CSV has no evaluation_<variant> column", {
      file,
      line: 1,
      hint: `Expected columns ${[...TASK2_SAMPLES_COLUMNS, "evaluation_0", "...", "evaluation_7"].map((c) => `"${c}"`).join(", ")}; found ${columns.map((c) => `"${c}"`).join(", ")}`,
    });
  }
  return variants;
}
