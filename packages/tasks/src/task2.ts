import {
  type ChatJob,
  type ChatMessage,
  type ChatParams,
  polarityOfOption,
  readTask2Answer,
  type Task2Record,
} from "@valens/core";
import type { EvalItem } from "./items.js";
import { type Task2JobMeta, task2JobId } from "./job-meta.js";
import { renderTemplate } from "./templates/render.js";
import type { TemplateSet } from "./templates/schema.js";
import { task2Variants } from "./variants.js";

/** The options as shown: normal order puts the negative action first, reversed the positive. */
export function optionsFor(item: EvalItem, variant: number): { option1: string; option2: string } {
  const negative = item.negative.action ?? "";
  const positive = item.positive.action ?? "";
  return task2Variants[variant]?.order === "reversed"
    ? { option1: positive, option2: negative }
    : { option1: negative, option2: positive };
}

export function task2Messages(
  templates: TemplateSet,
  variant: number,
  item: EvalItem,
  gloss: string,
): ChatMessage[] {
  const template = templates.task2[String(variant)];
  if (!template) throw new Error(`No task-2 template for variant ${variant}`);
  const fill = {
    country: item.country,
    topic: item.topic,
    value: item.value,
    gloss,
    ...optionsFor(item, variant),
  };
  const messages: ChatMessage[] = [];
  if (template.system) messages.push({ role: "system", content: renderTemplate(template.system, fill) });
  messages.push({ role: "user", content: renderTemplate(template.user, fill) });
  return messages;
}

export function task2Job(
  templates: TemplateSet,
  item: EvalItem,
  gloss: string,
  variant: number,
  sample: number,
  params: ChatParams | undefined,
): ChatJob<Task2JobMeta> {
  const meta: Task2JobMeta = {
    task: 2,
    country: item.country,
    topic: item.topic,
    value: item.value,
    variant,
    order: task2Variants[variant]?.order ?? "normal",
    sample,
    ...optionsFor(item, variant),
  };
  return {
    id: task2JobId(meta),
    messages: task2Messages(templates, variant, item, gloss),
    ...(params ? { params } : {}),
    sample,
    meta,
  };
}

/** The polarity an option number stands for under an order (core's `polarityOfOption`). */
export const polarityOf = polarityOfOption;

/**
 * Maps a Task-2 answer to its record, translating the option named back to the polarity it
 * showed. An answer with no JSON that starts with the option ("Option 2: ...") is read as
 * "repaired"; one that merely mentions options is not; anything else is kept raw with parseStatus "failed".
 */
export function task2Record(meta: Task2JobMeta, raw: string): Task2Record {
  return {
    country: meta.country,
    topic: meta.topic,
    value: meta.value,
    variant: meta.variant,
    sample: meta.sample,
    order: meta.order,
    raw,
    ...readTask2Answer(raw, meta.order, { option1: meta.option1, option2: meta.option2 }),
  };
}
