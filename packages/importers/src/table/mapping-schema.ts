import { z } from "zod";

/** A column name of the CSV file. */
const column = z.string().trim().min(1, "must name a column");
/** Codes of a CSV column, matched case-insensitively after trimming. */
const codes = z.array(z.string().trim().min(1)).min(1, "must list at least one code");

const task1MappingSchema = z.strictObject({
  columns: z.strictObject({
    country: column,
    topic: column,
    /** Prompt variant 0..7 (the study's task-1 variant numbers). */
    variant: column,
    /** The model's raw answer, read with valens's parser. */
    raw: column,
    /** The source's own parse of the answer (JSON or Python dict of value -> rating): cross-checked. */
    parsed: column.optional(),
  }),
});

const task2MappingSchema = z.strictObject({
  columns: z.strictObject({
    country: column,
    topic: column,
    value: column,
    /** Prompt variant 0..7. */
    variant: column,
    /** The model's raw answer ({"action": "Option 1"} ...), read with valens's parser. */
    raw: column.optional(),
    /** The option the source parsed from the answer ("Option 1", "2", ...). */
    option: column.optional(),
    /** The polarity of the chosen action, coded as `conventions.polarity` says. */
    polarity: column.optional(),
    /** Whether the row showed the options in reversed order, coded as `conventions.order` says. */
    order: column.optional(),
    /** The model's explanation, when the source kept it apart from the raw answer. */
    explanation: column.optional(),
    /** The action texts by polarity ... */
    positiveAction: column.optional(),
    negativeAction: column.optional(),
    /** ... or as Option 1 and Option 2 of the normal order. */
    option1Action: column.optional(),
    option2Action: column.optional(),
  }),
  conventions: z.strictObject({
    /** Which option shows the positive action in the normal order: 2 in the study, 1 in some reproductions. */
    positiveOption: z.literal([1, 2], { error: "must be 1 or 2" }),
    /** Codes of the order column; without an order column the study's variants 2, 3, 6, 7 are reversed. */
    order: z.strictObject({ normal: codes, reversed: codes }).optional(),
    /** Codes of the polarity column. */
    polarity: z.strictObject({ positive: codes, negative: codes }).optional(),
    /** Which column decides the chosen action (default: raw, else option, else polarity); the others are cross-checked. */
    choice: z.enum(["raw", "option", "polarity"]).optional(),
  }),
});

/** A mapping file of `valens import table`: how a reproduction's CSV columns and conventions map to a run. */
export const tableMappingSchema = z.strictObject({
  kind: z.literal("valens-table-mapping"),
  version: z.literal(1),
  /** Free text: where the files come from. */
  description: z.string().optional(),
  /** Default model name (--model overrides). */
  model: z.string().trim().min(1).optional(),
  task1: task1MappingSchema.optional(),
  task2: task2MappingSchema.optional(),
});
export type TableMapping = z.infer<typeof tableMappingSchema>;
export type Task1Mapping = z.infer<typeof task1MappingSchema>;
export type Task2Mapping = z.infer<typeof task2MappingSchema>;
