import {
  type Catalog,
  defaultCatalog,
  InputError,
  readCsv,
  readPolarity,
  type Task2Record,
  type ViaImport,
} from "@valens/core";
import { type ChoiceRow, choicesToRecords } from "./choices.js";
import { readVariant } from "./task1.js";

export const TASK2_CSV_COLUMNS = [
  "country",
  "topic",
  "value",
  "polarity",
  "model_choice",
  "prompt_index",
] as const;

export interface Task2CsvImport {
  file: string;
  records: Task2Record[];
  counts: { rows: number; items: number };
}

/**
 * Reads the study's task-2 CSV (the VIA columns plus `model_choice` and `prompt_index`, one row
 * per answered action). Rows are joined to the VIA file by (country, topic, value, polarity) when
 * it is given, which fills `sourceRows`.
 */
export async function importTask2Csv(
  file: string,
  options: { via?: Pick<ViaImport, "file" | "rows">; catalog?: Catalog } = {},
): Promise<Task2CsvImport> {
  const catalog = options.catalog ?? defaultCatalog;
  const description = "task-2 CSV";
  const viaRowByKey = new Map<string, number>();
  options.via?.rows.forEach((row, index) => {
    const key = `${row.country}|${row.topic}|${row.value}|${row.polarity}`;
    if (!viaRowByKey.has(key)) viaRowByKey.set(key, index);
  });
  const rows: ChoiceRow[] = [];
  for await (const { cells, line } of readCsv(file, { requiredColumns: TASK2_CSV_COLUMNS, description })) {
    const where = { file, line };
    const country = catalog.country(cells.country ?? "", where);
    const topic = catalog.topic(cells.topic ?? "", where);
    const value = catalog.value(cells.value ?? "", where).name;
    const polarity = readPolarity(cells.polarity, file, line);
    const key = `${country}|${topic}|${value}|${polarity}`;
    const sourceRow = viaRowByKey.get(key);
    if (options.via && sourceRow === undefined) {
      throw new InputError(
        `The task-2 CSV names an action the VIA file lacks: ${key.replaceAll("|", ", ")}`,
        {
          file,
          line,
          hint: `Pass the VIA file the run was made with (--via; this one is ${options.via.file})`,
        },
      );
    }
    rows.push({
      country,
      topic,
      value,
      polarity,
      variant: readVariant(cells.prompt_index, file, line),
      chosen: readBoolean(cells.model_choice, file, line),
      line,
      ...(sourceRow === undefined ? {} : { sourceRow }),
      rowId: polarity,
    });
  }
  const records = choicesToRecords(rows, file, "from the study's task-2 CSV (model_choice)");
  return { file, records, counts: { rows: rows.length, items: records.length } };
}

function readBoolean(cell: string | undefined, file: string, line: number): boolean {
  const text = (cell ?? "").trim().toLowerCase();
  if (text === "true" || text === "1") return true;
  if (text === "false" || text === "0") return false;
  throw new InputError(`Invalid model_choice "${cell ?? ""}"`, {
    file,
    line,
    hint: "model_choice is True or False",
  });
}
