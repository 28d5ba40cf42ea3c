import {
  type Catalog,
  type CsvRow,
  InputError,
  type OptionOrder,
  type Polarity,
  parseOption,
  polarityOfOption,
  REVERSED_VARIANTS,
  readTask2Answer,
  type Task2Record,
} from "@valens/core";
import type { Task2Mapping } from "./mapping-schema.js";
import { codeKey } from "./read-mapping.js";
import { readVariantCell } from "./table-task1.js";

type Choice = "raw" | "option" | "polarity";

export const choiceColumn = (mapping: Task2Mapping): Choice =>
  mapping.conventions.choice ??
  (mapping.columns.raw ? "raw" : mapping.columns.option ? "option" : "polarity");

export interface Task2Row {
  record: Task2Record;
  texts: Partial<Record<Polarity, string>>;
  /** The source's polarity column, decoded (undefined: no such column; null: empty). */
  sourcePolarity?: Polarity | null;
  /** The source's parsed option mapped to a polarity. */
  sourceOption?: Polarity | null;
}

/** Where a row is and which mapping it is read with, for decoding and for errors. */
interface RowContext {
  cells: CsvRow["cells"];
  line: number;
  file: string;
  mappingFile: string;
  mapping: Task2Mapping;
}

/** The source's own reading of a row: its polarity column and its parsed option. */
interface SourceChoices {
  sourcePolarity: Polarity | null | undefined;
  optionNumber: 1 | 2 | undefined;
  sourceOption: Polarity | null | undefined;
}

/** One task-2 row as a record (sample 0; the caller numbers repeats), its action texts and the source's choices. */
export function readTask2Row(
  { cells, line }: CsvRow,
  mapping: Task2Mapping,
  choice: Choice,
  file: string,
  mappingFile: string,
  catalog: Catalog,
): Task2Row {
  const row: RowContext = { cells, line, file, mappingFile, mapping };
  const c = mapping.columns;
  const where = { file, line };
  const country = catalog.country(cells[c.country] ?? "", where);
  const topic = catalog.topic(cells[c.topic] ?? "", where);
  const value = catalog.value(cells[c.value] ?? "", where).name;
  const variant = readVariantCell(cells[c.variant], file, line, "task2.columns.variant");
  const order = rowOrder(row, variant);
  const texts = actionTexts(row);
  const source = sourceChoices(row, order);
  const base = { country, topic, value, variant, sample: 0, order };
  const record = toRecord(row, choice, base, texts, source);
  const { sourcePolarity, sourceOption } = source;
  return {
    record,
    texts,
    ...(sourcePolarity === undefined ? {} : { sourcePolarity }),
    ...(sourceOption === undefined ? {} : { sourceOption }),
  };
}

/** The row's option order in the study's terms. */
function rowOrder({ cells, line, file, mappingFile, mapping }: RowContext, variant: number): OptionOrder {
  const { columns: c, conventions: k } = mapping;
  const sourceReversed = c.order
    ? decode(
        cells[c.order] ?? "",
        k.order as { normal: string[]; reversed: string[] },
        ["normal", "reversed"],
        "task2.conventions.order",
        file,
        line,
        mappingFile,
      ) === "reversed"
    : REVERSED_VARIANTS.has(variant);
  // valens's order is the study's: "normal" shows the negative action as Option 1. A source whose
  // normal order shows the positive one first is reversed in the study's terms, and vice versa.
  return sourceReversed !== (k.positiveOption === 1) ? "reversed" : "normal";
}

/** The action texts by polarity, from polarity columns or option columns. */
function actionTexts({ cells, mapping }: RowContext): Partial<Record<Polarity, string>> {
  const { columns: c, conventions: k } = mapping;
  const texts: Partial<Record<Polarity, string>> = {};
  if (c.positiveAction && c.negativeAction) {
    texts.positive = cells[c.positiveAction];
    texts.negative = cells[c.negativeAction];
  } else if (c.option1Action && c.option2Action) {
    const first = cells[c.option1Action];
    const second = cells[c.option2Action];
    texts.positive = k.positiveOption === 1 ? first : second;
    texts.negative = k.positiveOption === 1 ? second : first;
  }
  return texts;
}

function sourceChoices(
  { cells, line, file, mappingFile, mapping }: RowContext,
  order: OptionOrder,
): SourceChoices {
  const { columns: c, conventions: k } = mapping;
  const sourcePolarity = c.polarity
    ? (cells[c.polarity] ?? "").trim() === ""
      ? null
      : (decode(
          cells[c.polarity] ?? "",
          k.polarity as { positive: string[]; negative: string[] },
          ["positive", "negative"],
          "task2.conventions.polarity",
          file,
          line,
          mappingFile,
        ) as Polarity)
    : undefined;
  const optionNumber = c.option ? parseOption(cells[c.option] ?? "") : undefined;
  const sourceOption = c.option
    ? optionNumber === undefined
      ? null
      : polarityOfOption(optionNumber, order)
    : undefined;
  return { sourcePolarity, optionNumber, sourceOption };
}

/** The record: the raw answer read with valens's parser, or the choice the mapped column gives. */
function toRecord(
  { cells, mapping }: RowContext,
  choice: Choice,
  base: Pick<Task2Record, "country" | "topic" | "value" | "variant" | "sample" | "order">,
  texts: Partial<Record<Polarity, string>>,
  source: SourceChoices,
): Task2Record {
  const c = mapping.columns;
  const explanationCell = c.explanation ? (cells[c.explanation] ?? "").trim() : "";
  if (choice === "raw") {
    // The texts as this row showed them, for answers that name the option by its text.
    const shown =
      base.order === "normal"
        ? { option1: texts.negative, option2: texts.positive }
        : { option1: texts.positive, option2: texts.negative };
    const raw = cells[c.raw as string] ?? "";
    const answer = readTask2Answer(raw, base.order, {
      ...(shown.option1 === undefined ? {} : { option1: shown.option1 }),
      ...(shown.option2 === undefined ? {} : { option2: shown.option2 }),
    });
    return { ...base, raw, ...answer, explanation: answer.explanation ?? (explanationCell || null) };
  }
  const chosen = choice === "option" ? (source.sourceOption ?? null) : (source.sourcePolarity ?? null);
  return {
    ...base,
    chosen,
    answer: source.optionNumber === undefined ? null : `Option ${source.optionNumber}`,
    explanation: explanationCell || null,
    raw: c.raw ? (cells[c.raw] ?? null) : null,
    parseStatus: chosen === null ? "failed" : "clean",
    parseNote:
      chosen === null
        ? `the ${choice} column names no choice`
        : `chosen from the ${choice} column of the table`,
  };
}

function decode<K extends string>(
  cell: string,
  codes: Record<K, string[]>,
  kinds: readonly K[],
  key: string,
  file: string,
  line: number,
  mappingFile: string,
): K {
  const text = codeKey(cell);
  for (const kind of kinds) if (codes[kind].some((code) => codeKey(code) === text)) return kind;
  throw new InputError(
    `"${cell}" is not one of the codes of mapping key ${key} (${kinds.map((kind) => `${kind}: ${codes[kind].join("/")}`).join("; ")})`,
    {
      file,
      line,
      hint: `Add the code to ${key} in ${mappingFile}`,
    },
  );
}
