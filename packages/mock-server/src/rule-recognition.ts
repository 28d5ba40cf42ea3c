import { type Catalog, defaultCatalog } from "@valens/core";
import type { RecognizedPrompt } from "./recognized-prompt.js";

interface Span {
  start: number;
  end: number;
}
interface Match extends Span {
  name: string;
  written: string;
  quoted: boolean;
}

const quoteChars = new Set(["'", '"', "\u2018", "\u201c", "`"]);
const optionLine = (n: 1 | 2) =>
  new RegExp(String.raw`^[ \t>*_-]*Option\s*${n}\s*\**\s*:\**[ \t]*(.*)$`, "m");
const optionLineAny = /^[ \t>*_-]*Option\s*[12]\s*\**\s*:.*$/gm;

/**
 * The README's rules ("Prompt recognition"), for prompts no template produced: hand-written
 * prompts, a user's own templates. Names are matched whole-word against the catalog.
 */
export function recognizeByRules(text: string, catalog: Catalog = defaultCatalog): RecognizedPrompt {
  if (text.includes("Human Action") && text.includes("Feature Attributions"))
    return generation(text, catalog);
  if (text.includes("Option 1") && text.includes("Option 2")) {
    const task2 = taskTwo(text, catalog);
    if (task2) return task2;
  }
  const valueNames = catalog.values.map((v) => v.name);
  const values = firstMatches(text, valueNames, false);
  if (values.length >= Math.ceil(valueNames.length / 2)) {
    const spans = allMatches(text, valueNames, false);
    const values1 = values
      .sort((a, b) => a.start - b.start)
      .map((m) => ({ written: m.written, name: m.name }));
    return {
      kind: "task1",
      country: earliest(text, catalog.countries, spans),
      topic: earliest(text, catalog.topics, spans),
      values: values1,
    };
  }
  return { kind: "generic" };
}

function generation(text: string, catalog: Catalog): RecognizedPrompt {
  const value = chooseValue(text, catalog);
  const spans = allMatches(text, [value], false);
  const entry = catalog.findValue(value);
  return {
    kind: "generation",
    country: earliest(text, catalog.countries, spans),
    topic: earliest(text, catalog.topics, spans),
    value,
    gloss: entry?.gloss ?? value.toLowerCase(),
    // Negative words first: a negative prompt may still ask how the action "expresses" a stance.
    polarity: /\b(dislikes?|disliking|resist|resists|resisting)\b/i.test(text) ? "negative" : "positive",
  };
}

function taskTwo(text: string, catalog: Catalog): RecognizedPrompt | undefined {
  const option1 = optionLine(1).exec(text)?.[1]?.trim();
  const option2 = optionLine(2).exec(text)?.[1]?.trim();
  if (option1 === undefined || option2 === undefined) return undefined;
  // Names inside the option texts do not identify the item.
  const context = text.replace(optionLineAny, "");
  const value = chooseValue(context, catalog) || chooseValue(text, catalog);
  const spans = allMatches(context, [value], false);
  return {
    kind: "task2",
    country: earliest(context, catalog.countries, spans) || earliest(text, catalog.countries, []),
    topic: earliest(context, catalog.topics, spans) || earliest(text, catalog.topics, []),
    value,
    option1,
    option2,
    wantsExplanation:
      /\bexplanation\b/i.test(context) &&
      !/\b(no|without|omit( the| any)?)\s+(an\s+|any\s+)?explanation/i.test(context),
    saysReversed: /\breversed?\b/i.test(context),
  };
}

/** The item's value: names found in quotes win, then the longest name; "" when none. */
function chooseValue(text: string, catalog: Catalog): string {
  const names = catalog.values.map((v) => v.name);
  let matches = allMatches(text, names, false);
  if (matches.length === 0) matches = allMatches(text, names, true);
  if (matches.length === 0) return "";
  matches.sort(
    (a, b) => Number(b.quoted) - Number(a.quoted) || b.name.length - a.name.length || a.start - b.start,
  );
  return (matches[0] as Match).name;
}

/** The first-mentioned name outside the given spans (so "Environment" inside a value name is skipped). */
function earliest(text: string, names: readonly string[], exclude: readonly Span[]): string {
  let best: Match | undefined;
  for (const m of allMatches(text, names, false)) {
    if (exclude.some((s) => m.start < s.end && s.start < m.end)) continue;
    if (!best || m.start < best.start || (m.start === best.start && m.name.length > best.name.length))
      best = m;
  }
  if (!best) {
    for (const m of allMatches(text, names, true)) {
      if (exclude.some((s) => m.start < s.end && s.start < m.end)) continue;
      if (!best || m.start < best.start) best = m;
    }
  }
  return best?.name ?? "";
}

function firstMatches(text: string, names: readonly string[], ignoreCase: boolean): Match[] {
  const out: Match[] = [];
  const haystack = ignoreCase ? text.toLowerCase() : text;
  for (const name of names) {
    const m = nextMatch(text, haystack, name, ignoreCase ? name.toLowerCase() : name, 0);
    if (m) out.push(m);
  }
  return out;
}

function allMatches(text: string, names: readonly string[], ignoreCase: boolean): Match[] {
  const out: Match[] = [];
  const haystack = ignoreCase ? text.toLowerCase() : text;
  for (const name of names) {
    if (!name) continue;
    const needle = ignoreCase ? name.toLowerCase() : name;
    let from = 0;
    for (;;) {
      const m = nextMatch(text, haystack, name, needle, from);
      if (!m) break;
      out.push(m);
      from = m.end;
    }
  }
  return out;
}

function nextMatch(
  text: string,
  haystack: string,
  name: string,
  needle: string,
  from: number,
): Match | undefined {
  let at = haystack.indexOf(needle, from);
  while (at >= 0) {
    const end = at + needle.length;
    if (!isWordChar(haystack.charCodeAt(at - 1)) && !isWordChar(haystack.charCodeAt(end))) {
      return {
        name,
        written: text.slice(at, end),
        start: at,
        end,
        quoted: quoteChars.has(text.charAt(at - 1)),
      };
    }
    at = haystack.indexOf(needle, at + 1);
  }
  return undefined;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
