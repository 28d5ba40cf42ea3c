import { z } from "zod";
import { parseStatusSchema, variantSchema } from "./item.js";

/**
 * A stated rating: 1 strongly agree / very much like me ... 4 strongly disagree / not like me at
 * all. One set lookup instead of three number checks: a run holds 56 ratings per answer.
 */
export const ratingSchema: z.ZodType<number> = z.literal([1, 2, 3, 4]);
export type Rating = z.infer<typeof ratingSchema>;

/** One Task-1 answer: a scenario under one prompt variant, rating every value. */
export const task1RecordSchema = z.object({
  country: z.string().min(1),
  topic: z.string().min(1),
  variant: variantSchema,
  /** Repeated samples of one prompt are distinct records. */
  sample: z.number().int().nonnegative().default(0),
  /** The model's answer as received; never dropped. */
  raw: z.string(),
  parseStatus: parseStatusSchema,
  parseNote: z.string().optional(),
  /** Canonical value name -> rating, for every value the answer rated validly. */
  ratings: z.record(z.string(), ratingSchema),
  /** Keys of the answer that name no known value, and ratings outside 1..4, kept for audit. */
  unrecognized: z.record(z.string(), z.unknown()).default({}),
});
export type Task1Record = z.infer<typeof task1RecordSchema>;
