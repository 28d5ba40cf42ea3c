import { polaritySchema } from "@valens/core";
import { z } from "zod";

const itemKeySchema = z
  .string()
  .regex(/^[^|]+\|[^|]+\|[^|]+$/, 'item keys must look like "<country>|<topic>|<value>"');
const ratingSchema = z.number().int().min(1).max(4);

/**
 * A scripted persona (public contract, the `--persona` file): task-1 ratings (1 strongly agree
 * .. 4 strongly disagree) and task-2 chosen polarities per item, each with a default.
 * Anything not scripted falls back to the seeded default persona.
 */
export const personaSchema = z.strictObject({
  task1: z
    .strictObject({
      default: ratingSchema.optional(),
      items: z.record(itemKeySchema, ratingSchema).optional(),
    })
    .optional(),
  task2: z
    .strictObject({
      default: polaritySchema.optional(),
      items: z.record(itemKeySchema, polaritySchema).optional(),
    })
    .optional(),
});
export type PersonaFile = z.infer<typeof personaSchema>;
