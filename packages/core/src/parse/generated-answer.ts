import type { ActionRecord, ParseStatus } from "../schemas/index.js";
import { field } from "./answer-fields.js";
import { parseLlmAnswer } from "./parse-llm-answer.js";

/** The fields of an ActionRecord that come from the generator's answer. */
export type GeneratedFields = Pick<
  ActionRecord,
  "action" | "attributions" | "explanation" | "raw" | "parseStatus"
> & {
  parseNote?: string;
};

/**
 * Reads a generator answer (`{"Human Action": ..., "Feature Attributions": [...],
 * "Natural Language Explanation": ...}`) with core's tolerant parser. Never throws: an answer
 * with no readable action keeps its raw text with parseStatus "failed".
 */
export function readGeneratedAnswer(raw: string): GeneratedFields {
  const parsed = parseLlmAnswer(raw);
  if (!parsed.ok) {
    return (
      recoverFields(raw) ?? {
        action: null,
        attributions: [],
        explanation: null,
        raw,
        parseStatus: "failed",
        parseNote: parsed.reason,
      }
    );
  }
  const action = field(parsed.value, "Human Action", "action");
  if (typeof action !== "string" || action.trim() === "") {
    return {
      action: null,
      attributions: [],
      explanation: null,
      raw,
      parseStatus: "failed",
      parseNote: 'the answer has no "Human Action" text',
    };
  }
  const attributionsValue = field(parsed.value, "Feature Attributions", "attributions");
  const attributions = Array.isArray(attributionsValue)
    ? attributionsValue.filter((a): a is string => typeof a === "string")
    : typeof attributionsValue === "string"
      ? [attributionsValue]
      : [];
  const explanation = field(parsed.value, "Natural Language Explanation", "explanation");
  const status: ParseStatus = parsed.status;
  return {
    action: action.trim(),
    attributions,
    explanation: typeof explanation === "string" ? explanation : null,
    raw,
    parseStatus: status,
    ...(parsed.note ? { parseNote: parsed.note } : {}),
  };
}

const quoted = (key: string) =>
  new RegExp(`["'‘“]${key}["'’”]\\s*:\\s*(["'])((?:\\\\.|(?!\\1)[^\\\\])*)(\\1|$)`, "s");

/**
 * Last resort for JSON that no repairer can read (e.g. a string closed by a typographic quote):
 * picks the fields out by their keys. Succeeds only when the action is a complete quoted string.
 */
export function recoverFields(raw: string): GeneratedFields | undefined {
  const action = quoted("Human Action").exec(raw);
  if (!action || action[3] === "" || !action[2]?.trim()) return undefined;
  const list = /["']Feature Attributions["']\s*:\s*\[([^\]]*)\]/s.exec(raw)?.[1] ?? "";
  const attributions = [...list.matchAll(/(["'])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2] as string);
  const explanation = quoted("Natural Language Explanation")
    .exec(raw)?.[2]
    ?.replace(/[\s’”}`]+$/, "");
  return {
    action: action[2].trim(),
    attributions,
    explanation: explanation && explanation.length > 0 ? explanation : null,
    raw,
    parseStatus: "repaired",
    parseNote: "malformed JSON; fields recovered by their keys",
  };
}
