import {
  type Catalog,
  type ChatJob,
  type ChatMessage,
  type ChatParams,
  parseLlmAnswer,
  parseRating,
  type Scenario,
  type Task1Record,
  type ValueEntry,
} from "@valens/core";
import { type Task1JobMeta, task1JobId } from "./job-meta.js";
import { renderTemplate } from "./templates/render.js";
import type { TemplateSet } from "./templates/schema.js";

/** The messages of one Task-1 prompt. */
export function task1Messages(
  templates: TemplateSet,
  variant: number,
  scenario: Scenario,
  values: readonly ValueEntry[],
): ChatMessage[] {
  const template = templates.task1[String(variant)];
  if (!template) throw new Error(`No task-1 template for variant ${variant}`);
  const valuesList = values
    .map((v, index) =>
      renderTemplate(template.valueLine, { value: v.name, gloss: v.gloss, index: String(index + 1) }),
    )
    .join("\n");
  const fill = { country: scenario.country, topic: scenario.topic, values_list: valuesList };
  const messages: ChatMessage[] = [];
  if (template.system) messages.push({ role: "system", content: renderTemplate(template.system, fill) });
  messages.push({ role: "user", content: renderTemplate(template.user, fill) });
  return messages;
}

export function task1Job(
  templates: TemplateSet,
  meta: Omit<Task1JobMeta, "task">,
  values: readonly ValueEntry[],
  params: ChatParams | undefined,
): ChatJob<Task1JobMeta> {
  return {
    id: task1JobId(meta),
    messages: task1Messages(templates, meta.variant, meta, values),
    ...(params ? { params } : {}),
    sample: meta.sample,
    meta: { task: 1, ...meta },
  };
}

/** Reads a rating: 1-4, "2", "2 - agree" or the scale's own label (core's shared reading). */
export const toRating = (value: unknown): number | undefined => parseRating(value);

/**
 * Maps a Task-1 answer to its record: ratings keyed by canonical value name. Keys naming no
 * known value and ratings outside 1..4 are kept under `unrecognized`. An answer that rates no
 * value at all counts as failed, so it is retried and reported.
 */
export function task1Record(meta: Task1JobMeta, raw: string, catalog: Catalog): Task1Record {
  const base = { country: meta.country, topic: meta.topic, variant: meta.variant, sample: meta.sample, raw };
  const parsed = parseLlmAnswer(raw);
  if (!parsed.ok) {
    return { ...base, parseStatus: "failed", parseNote: parsed.reason, ratings: {}, unrecognized: {} };
  }
  let object = parsed.value;
  // Some models wrap the ratings: {"ratings": {...}}.
  const entries = Object.entries(object);
  if (
    entries.length === 1 &&
    typeof entries[0]?.[1] === "object" &&
    entries[0][1] !== null &&
    !Array.isArray(entries[0][1])
  ) {
    object = entries[0][1] as Record<string, unknown>;
  }
  const ratings: Record<string, number> = {};
  const unrecognized: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const entry = catalog.findValue(key);
    const rating = toRating(value);
    if (entry && rating !== undefined && !(entry.name in ratings)) ratings[entry.name] = rating;
    else unrecognized[key] = value;
  }
  if (Object.keys(ratings).length === 0) {
    return {
      ...base,
      parseStatus: "failed",
      parseNote: "the answer rates no known value",
      ratings,
      unrecognized,
    };
  }
  return {
    ...base,
    parseStatus: parsed.status,
    ...(parsed.note ? { parseNote: parsed.note } : {}),
    ratings,
    unrecognized,
  };
}
