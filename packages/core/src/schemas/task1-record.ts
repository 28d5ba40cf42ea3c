import { z } from "zod";
import { parseStatusSchema, variantSchema } from "./item.js";

/**
 * A stated rating: 1 strongly agree / very much like me ... 4 strongly disagree / not like me at
 * all. One set lookup instead of three number checks: a run holds 56 ratings per answer.
 */
export const ratingSchema: z.ZodType<number> = z.literal([1, 2, 3, 4]);
export type Rating = z.infer<typeof ratingSchema>;

const isRating = (value: unknown): boolean => value === 1 || value === 2 || value === 3 || value === 4;

/** The first entry of a ratings object that is not a 1-4 rating, for the error message. */
function badRating(value: unknown): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "it is not an object";
  const entry = Object.entries(value).find(([, rating]) => !isRating(rating));
  return entry ? `"${entry[0]}" is ${JSON.stringify(entry[1])}` : "";
}

/**
 * Value name -> rating, checked in one loop: a run holds 56 ratings per answer, and zod's
 * per-entry record checks made reading a run's task-1 file several times slower.
 */
const ratingsSchema = z.custom<Record<string, number>>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(isRating),
  { error: (issue) => `ratings must map value names to ratings 1-4: ${badRating(issue.input)}` },
);

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
  ratings: ratingsSchema,
  /** Keys of the answer that name no known value, and ratings outside 1..4, kept for audit. */
  unrecognized: z.record(z.string(), z.unknown()).default({}),
});
export type Task1Record = z.infer<typeof task1RecordSchema>;
