import { InputError, readJsonlLines, type Task2Record, type ViaImport } from "@valens/core";
import { z } from "zod";
import { type ChoiceRow, choicesToRecords } from "./choices.js";

// Other keys of a log line (timestamp, duration, ...) are not needed and are dropped. The
// variant is one set lookup: the log spells it "5" or 5.
const variants = [0, 1, 2, 3, 4, 5, 6, 7] as const;
const logLineSchema = z.object({
  index: z.number().int().nonnegative(),
  model_choice: z.boolean(),
  prompt_index: z.literal([...variants, ...variants.map(String)]).optional(),
  model: z.string().optional(),
});

type ViaRows = Pick<ViaImport, "file" | "rows">;

export interface Task2LogImport {
  file: string;
  records: Task2Record[];
  /** Model names the log records. */
  models: string[];
  counts: { lines: number; items: number };
}

/**
 * Reads the study's task-2 run log, joined to the VIA file by 0-based row (`index`). The log
 * keeps no answer text, only whether each action was chosen; the released runs used variant 5.
 */
export async function importTask2Log(file: string, via: ViaRows): Promise<Task2LogImport> {
  const rows: ChoiceRow[] = [];
  const models = new Set<string>();
  for (const { value, line } of await readJsonlLines(file, logLineSchema, "task-2 log")) {
    const viaRow = via.rows[value.index];
    if (!viaRow) {
      throw new InputError(
        `The task-2 log refers to VIA row ${value.index}, outside the VIA file (rows 0 to ${via.rows.length - 1})`,
        { file, line, hint: `Pass the VIA file the log was made with (--via; this one is ${via.file})` },
      );
    }
    if (value.model) models.add(value.model);
    rows.push({
      country: viaRow.country,
      topic: viaRow.topic,
      value: viaRow.value,
      polarity: viaRow.polarity,
      variant: value.prompt_index === undefined ? 5 : Number(value.prompt_index),
      chosen: value.model_choice,
      line,
      sourceRow: value.index,
      rowId: String(viaRow.action),
    });
  }
  const records = choicesToRecords(rows, file, "from the study's run log (model_choice)");
  return { file, records, models: [...models], counts: { lines: rows.length, items: records.length } };
}
