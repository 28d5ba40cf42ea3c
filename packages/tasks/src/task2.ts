import { type Polarity, parseLlmAnswer, parseOption, type Task2Record, textKey } from "@valens/core";
import type { ChatJob, ChatMessage, ChatParams } from "@valens/llm";
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

/** The polarity an option number stands for under an order. */
export function polarityOf(option: 1 | 2, order: Task2JobMeta["order"]): Polarity {
  const first: Polarity = order === "reversed" ? "positive" : "negative";
  return option === 1 ? first : first === "positive" ? "negative" : "positive";
}

/** Which option an answer value names: core's reading ("Option 2", "2", 2), or an option's exact text. */
function optionNamed(value: unknown, meta: Task2JobMeta): 1 | 2 | undefined {
  const named = parseOption(value);
  if (named !== undefined || typeof value !== "string") return named;
  const text = textKey(value).toLowerCase();
  if (text === textKey(meta.option1).toLowerCase()) return 1;
  if (text === textKey(meta.option2).toLowerCase()) return 2;
  return undefined;
}

function field(object: Record<string, unknown>, name: string): unknown {
  for (const [key, value] of Object.entries(object)) if (key.trim().toLowerCase() === name) return value;
  return undefined;
}

/**
 * Maps a Task-2 answer to its record, translating the option named back to the polarity it
 * showed. An answer with no JSON that starts with the option ("Option 2: ...") is read as
 * "repaired"; one that merely mentions options is not; anything else is kept raw with parseStatus "failed".
 */
export function task2Record(meta: Task2JobMeta, raw: string): Task2Record {
  const base = {
    country: meta.country,
    topic: meta.topic,
    value: meta.value,
    variant: meta.variant,
    sample: meta.sample,
    order: meta.order,
    raw,
  };
  const parsed = parseLlmAnswer(raw);
  if (parsed.ok) {
    const option = optionNamed(field(parsed.value, "action"), meta);
    const explanation = field(parsed.value, "explanation");
    if (option !== undefined) {
      return {
        ...base,
        chosen: polarityOf(option, meta.order),
        answer: `Option ${option}`,
        explanation: typeof explanation === "string" ? explanation : null,
        parseStatus: parsed.status,
        ...(parsed.note ? { parseNote: parsed.note } : {}),
      };
    }
    return {
      ...base,
      chosen: null,
      answer: null,
      explanation: typeof explanation === "string" ? explanation : null,
      parseStatus: "failed",
      parseNote: 'the answer names no option in "action"',
    };
  }
  // No JSON, but an answer that is the option itself ("Option 2", "Option 2: I ...").
  const option = parseOption(raw);
  const mentioned = new Set(Array.from(raw.matchAll(/option\s*([12])/gi), (m) => m[1]));
  if (option !== undefined && mentioned.size <= 1) {
    return {
      ...base,
      chosen: polarityOf(option, meta.order),
      answer: `Option ${option}`,
      explanation: null,
      parseStatus: "repaired",
      parseNote: "no JSON object; the answer is the option itself",
    };
  }
  return {
    ...base,
    chosen: null,
    answer: null,
    explanation: null,
    parseStatus: "failed",
    parseNote: parsed.reason,
  };
}
