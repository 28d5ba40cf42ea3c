import type { ParseStatus, Polarity } from "../schemas/item.js";
import type { OptionOrder } from "../schemas/task2-record.js";
import { asText, field, parseOption, textKey } from "./answer-fields.js";
import { parseLlmAnswer } from "./parse-llm-answer.js";

/** parseNote of an answer that was read but names no option (typically a refusal). */
export const NO_OPTION_NOTE = "the answer names no option";

export interface Task2Answer {
  chosen: Polarity | null;
  answer: string | null;
  explanation: string | null;
  parseStatus: ParseStatus;
  parseNote?: string;
}

/** The polarity an option number stands for: normal order shows the negative action first. */
export function polarityOfOption(option: 1 | 2, order: OptionOrder): Polarity {
  return (option === 1) === (order === "normal") ? "negative" : "positive";
}

/**
 * Reads a Task-2 answer and maps the option it names back to the polarity it showed. The option
 * may be named as "Option 2", "2", 2 or by its exact text (when the option texts are given). An
 * answer with no JSON that is the option itself ("Option 2: I ...") is "repaired"; one that
 * merely mentions options, or JSON naming none, is "failed" with the raw text kept by the caller.
 */
export function readTask2Answer(
  raw: string,
  order: OptionOrder,
  options: { option1?: string; option2?: string } = {},
): Task2Answer {
  const parsed = parseLlmAnswer(raw);
  if (parsed.ok) {
    const named = field(parsed.value, "action", "answer", "choice");
    const explanation = asText(field(parsed.value, "explanation"));
    const option = optionNamed(named, options);
    if (option === undefined) {
      return {
        chosen: null,
        answer: asText(named),
        explanation,
        parseStatus: "failed",
        parseNote: NO_OPTION_NOTE,
      };
    }
    return {
      chosen: polarityOfOption(option, order),
      answer: `Option ${option}`,
      explanation,
      parseStatus: parsed.status,
      ...(parsed.note ? { parseNote: parsed.note } : {}),
    };
  }
  const option = parseOption(raw);
  const mentioned = new Set(Array.from(raw.matchAll(/option\s*([12])/gi), (m) => m[1]));
  if (option !== undefined && mentioned.size <= 1) {
    return {
      chosen: polarityOfOption(option, order),
      answer: `Option ${option}`,
      explanation: null,
      parseStatus: "repaired",
      parseNote: "no JSON object; the answer is the option itself",
    };
  }
  return { chosen: null, answer: null, explanation: null, parseStatus: "failed", parseNote: parsed.reason };
}

function optionNamed(value: unknown, options: { option1?: string; option2?: string }): 1 | 2 | undefined {
  const named = parseOption(value);
  if (named !== undefined || typeof value !== "string") return named;
  const text = textKey(value).toLowerCase();
  if (options.option1 !== undefined && text === textKey(options.option1).toLowerCase()) return 1;
  if (options.option2 !== undefined && text === textKey(options.option2).toLowerCase()) return 2;
  return undefined;
}
