import { type ActionRecord, InputError, polaritySchema, readCsv } from "@valens/core";
import { readGeneratedAnswer } from "./answer.js";

/** The published VIA dataset's generator and prompt variant (PROTOCOL.md). */
export const VIA_GENERATOR = "gpt-4o-2024-11-20";
export const VIA_VARIANT = 5;

const columns = ["country", "topic", "value", "polarity", "generation_prompt"] as const;

/**
 * Streams the published VIA CSV as ActionRecords, one per row, in file order (`sourceRow` is
 * the 0-based data row, the `index` of the study's logs). Answers are read with the tolerant
 * parser; unreadable ones are kept raw with parseStatus "failed".
 */
export async function* readViaCsv(file: string): AsyncGenerator<ActionRecord> {
  let row = 0;
  for await (const { cells, line } of readCsv(file, { requiredColumns: columns, description: "VIA CSV" })) {
    const polarity = polaritySchema.safeParse(cells.polarity?.trim());
    if (!polarity.success) {
      throw new InputError(`The VIA CSV has polarity "${cells.polarity}", expected positive or negative`, {
        file,
        line,
      });
    }
    yield {
      country: (cells.country ?? "").trim(),
      topic: (cells.topic ?? "").trim(),
      value: (cells.value ?? "").trim(),
      polarity: polarity.data,
      ...readGeneratedAnswer(cells.generation_prompt ?? ""),
      sourceRow: row++,
      variant: VIA_VARIANT,
      generator: VIA_GENERATOR,
    };
  }
}
