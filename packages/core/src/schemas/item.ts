import { z } from "zod";

export const polaritySchema = z.enum(["positive", "negative"]);
export type Polarity = z.infer<typeof polaritySchema>;

/** How an LLM answer was read: strict JSON, JSON after repair, or not at all. */
export const parseStatusSchema = z.enum(["clean", "repaired", "failed"]);
export type ParseStatus = z.infer<typeof parseStatusSchema>;

/** Prompt variants are numbered 0-7 (see PROTOCOL.md); one set lookup, as runs hold many. */
export const variantSchema: z.ZodType<number> = z.literal([0, 1, 2, 3, 4, 5, 6, 7]);

export interface Scenario {
  country: string;
  topic: string;
}
export interface Item extends Scenario {
  value: string;
}

export const scenarioKey = (s: Scenario): string => `${s.country}|${s.topic}`;
/** "country|topic|value": the key used in run files, personas and reports. */
export const itemKey = (i: Item): string => `${i.country}|${i.topic}|${i.value}`;

export function parseItemKey(key: string): Item | undefined {
  const parts = key.split("|");
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) return undefined;
  const [country, topic, value] = parts as [string, string, string];
  return { country, topic, value };
}
