import { z } from "zod";

const promptFields = {
  /** Optional system message sent before the user message. */
  system: z.string().min(1).optional(),
  user: z.string().min(1),
};

export const task1TemplateSchema = z.object({
  ...promptFields,
  /** How one value is listed in {{values_list}}. */
  valueLine: z.string().min(1),
});
export type Task1Template = z.infer<typeof task1TemplateSchema>;

export const task2TemplateSchema = z.object(promptFields);
export type Task2Template = z.infer<typeof task2TemplateSchema>;

export const generationTemplateSchema = z.object({
  ...promptFields,
  /** The word filled into {{verb}} for each polarity ("endorse" / "dislike"). */
  verbs: z.object({ positive: z.string().min(1), negative: z.string().min(1) }),
});
export type GenerationTemplate = z.infer<typeof generationTemplateSchema>;

const variantKey = z.enum(["0", "1", "2", "3", "4", "5", "6", "7"]);

export type TemplateKind = "task1" | "task2" | "generation";

/** A complete template set: every variant of every task. */
export interface TemplateSet {
  task1: Record<string, Task1Template>;
  task2: Record<string, Task2Template>;
  generation: Record<string, GenerationTemplate>;
}

/**
 * A user's template file: any subset of tasks and variants, each replacing the built-in
 * template of that variant (fields left out keep the built-in value).
 */
export const templateFileSchema = z
  .object({
    task1: z.partialRecord(variantKey, task1TemplateSchema.partial()).optional(),
    task2: z.partialRecord(variantKey, task2TemplateSchema.partial()).optional(),
    generation: z.partialRecord(variantKey, generationTemplateSchema.partial()).optional(),
  })
  .strict();
export type TemplateFile = z.infer<typeof templateFileSchema>;

/** Placeholders each template may use, and those it must use for the task to make sense. */
export const PLACEHOLDERS: Record<
  TemplateKind,
  { allowed: readonly string[]; required: readonly string[]; line?: readonly string[] }
> = {
  task1: {
    allowed: ["country", "topic", "values_list"],
    required: ["values_list"],
    line: ["value", "gloss", "index"],
  },
  task2: {
    allowed: ["country", "topic", "value", "gloss", "option1", "option2"],
    required: ["option1", "option2"],
  },
  generation: { allowed: ["country", "topic", "value", "gloss", "verb"], required: [] },
};
