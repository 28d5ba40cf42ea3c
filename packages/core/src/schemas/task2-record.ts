import { z } from "zod";
import { parseStatusSchema, polaritySchema, variantSchema } from "./item.js";

/** Normal order shows the negative action as Option 1; reversed shows the positive one first. */
export const optionOrderSchema = z.enum(["normal", "reversed"]);
export type OptionOrder = z.infer<typeof optionOrderSchema>;

/** One Task-2 answer: an item under one prompt variant, mapped back to the polarity chosen. */
export const task2RecordSchema = z.object({
  country: z.string().min(1),
  topic: z.string().min(1),
  value: z.string().min(1),
  variant: variantSchema,
  sample: z.number().int().nonnegative().default(0),
  order: optionOrderSchema,
  /** The polarity of the chosen action; null when the answer names no option. */
  chosen: polaritySchema.nullable(),
  /** The option as the model named it ("Option 1" / "Option 2"), before mapping. */
  answer: z.string().nullable(),
  explanation: z.string().nullable().default(null),
  /** The answer as received; null only for imports whose source kept no text (the study's log). */
  raw: z.string().nullable(),
  parseStatus: parseStatusSchema,
  parseNote: z.string().optional(),
  /** 0-based VIA rows behind this record, when imported. */
  sourceRows: z.array(z.number().int().nonnegative()).optional(),
});
export type Task2Record = z.infer<typeof task2RecordSchema>;
