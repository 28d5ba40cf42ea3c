import { jsonrepair } from "jsonrepair";
import type { ParseStatus } from "../schemas/item.js";
import { pythonLiteralToJson } from "./python-literal.js";

export type ParsedAnswer =
  | {
      ok: true;
      status: Exclude<ParseStatus, "failed">;
      value: Record<string, unknown>;
      raw: string;
      note?: string;
    }
  | { ok: false; status: "failed"; reason: string; raw: string };

/**
 * A code fence opens and closes at the start of a line: "```" elsewhere may sit inside a JSON string
 * (`{"```": {}}`), where taking it for a fence would read the wrong object.
 */
const fencePattern = /(?:^|\n)[ \t]*```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)(?:\r?\n[ \t]*```|$)/;

/**
 * Reads the JSON object in an LLM answer. Tolerates code fences, prose around the object,
 * Python-dict literals (single quotes, True/None), trailing commas and answers cut off before
 * their closing brace. "clean" means the object was strict JSON once located; "repaired"
 * means it had to be repaired. Never throws: failures are returned with the raw text kept.
 */
export function parseLlmAnswer(raw: string): ParsedAnswer {
  if (typeof raw !== "string")
    return { ok: false, status: "failed", reason: "answer is not text", raw: String(raw) };
  // Fast path: most answers are exactly one JSON object, bare or alone in a code fence.
  const trimmed = raw.trim();
  const body = trimmed.startsWith("```")
    ? trimmed
        .replace(/^```[a-zA-Z0-9_-]*[ \t]*\r?\n/, "")
        .replace(/\r?\n```$/, "")
        .trim()
    : trimmed;
  if (body.startsWith("{") && body.endsWith("}")) {
    const whole = tryParse(body);
    if (whole !== undefined) return { ok: true, status: "clean", value: whole, raw };
  }
  const candidate = locateObject(raw);
  if (candidate === undefined)
    return { ok: false, status: "failed", reason: "no JSON object in the answer", raw };

  const strict = tryParse(candidate.text);
  if (strict !== undefined && !candidate.truncated) return { ok: true, status: "clean", value: strict, raw };
  if (!candidate.truncated) {
    const literal = pythonLiteralToJson(candidate.text);
    const value = literal === undefined ? undefined : tryParse(literal);
    if (value !== undefined) return { ok: true, status: "repaired", value, raw, note: "not strict JSON" };
  }

  let repairedText: string;
  try {
    repairedText = jsonrepair(candidate.text);
  } catch (error) {
    return { ok: false, status: "failed", reason: `unrepairable JSON: ${(error as Error).message}`, raw };
  }
  const repaired = tryParse(repairedText);
  if (repaired === undefined)
    return { ok: false, status: "failed", reason: "repaired text is not a JSON object", raw };
  return {
    ok: true,
    status: "repaired",
    value: repaired,
    raw,
    note: candidate.truncated ? "answer cut off before its closing brace" : "not strict JSON",
  };
}

/**
 * Every JSON object text matches this: "{", then a key's quote or "}". Testing it first spares a
 * thrown SyntaxError (costly) for Python dicts and prose, which the repairer reads instead.
 */
const mayBeJsonObject = /^\s*\{\s*["}]/;

function tryParse(text: string): Record<string, unknown> | undefined {
  if (!mayBeJsonObject.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface Located {
  text: string;
  /** No closing brace balances the opening one. */
  truncated: boolean;
}

/** The first balanced {...} in a code fence if there is one, else in the whole answer. */
function locateObject(raw: string): Located | undefined {
  const fenced = fencePattern.exec(raw)?.[1];
  if (fenced?.includes("{")) {
    const inFence = balancedObject(fenced);
    if (inFence) return inFence;
  }
  return balancedObject(raw);
}

function balancedObject(text: string): Located | undefined {
  const start = text.indexOf("{");
  if (start < 0) return undefined;
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"') quote = ch;
    else if (ch === "{") depth++;
    else if (ch === "}") {
      depth--;
      if (depth === 0) return { text: text.slice(start, i + 1), truncated: false };
    }
  }
  // Single-quoted Python dicts can hold apostrophes that fool the scan above; let the
  // repairer judge the rest of the text instead of declaring it cut off too early.
  const rest = text
    .slice(start)
    .replace(/```\s*$/, "")
    .trimEnd();
  const lastBrace = rest.lastIndexOf("}");
  if (lastBrace > 0 && tryParse(rest.slice(0, lastBrace + 1)) !== undefined) {
    return { text: rest.slice(0, lastBrace + 1), truncated: false };
  }
  return { text: rest, truncated: !rest.endsWith("}") };
}
