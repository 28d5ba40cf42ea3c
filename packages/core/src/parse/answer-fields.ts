/** Key comparison for LLM-written JSON: "Human Action", "human_action", "HumanAction" are one key. */
const fieldKey = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The value of the first key of `object` that matches one of `names`, ignoring case, spaces and punctuation. */
export function field(object: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) if (name in object) return object[name];
  const wanted = new Set(names.map(fieldKey));
  for (const [key, value] of Object.entries(object)) if (wanted.has(fieldKey(key))) return value;
  return undefined;
}

export const asText = (value: unknown): string | null =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : null;

/**
 * A Task-1 rating: 1-4 as a number, text that starts with the digit ("2", "2: agree",
 * "2 (agree)"), or exactly one of the scale's option labels. Anything else is not a rating.
 */
export function parseRating(value: unknown): 1 | 2 | 3 | 4 | undefined {
  if (typeof value === "number")
    return Number.isInteger(value) && value >= 1 && value <= 4 ? (value as 1) : undefined;
  if (typeof value !== "string") return undefined;
  const match = /^\s*["'(]?\s*([1-4])(?![0-9.])/.exec(value);
  if (match) return Number(match[1]) as 1;
  return optionLabels.get(
    value
      .toLowerCase()
      .replace(/[^a-z]+/g, " ")
      .trim(),
  );
}

/**
 * The scale's own option labels, which some models answer with instead of the number
 * (gpt-4o: "like me", "strongly agree"). Only exact labels count.
 */
const optionLabels = new Map<string, 1 | 2 | 3 | 4>([
  ["strongly agree", 1],
  ["agree", 2],
  ["disagree", 3],
  ["strongly disagree", 4],
  ["very much like me", 1],
  ["like me", 2],
  ["not like me", 3],
  ["not like me at all", 4],
]);

/**
 * The option a Task-2 answer names: "Option 1", "option 2", "1", "Option 2: I ...". A sentence
 * that merely mentions an option ("I cannot select an option ... Option 1 emphasizes") names none.
 */
export function parseOption(value: unknown): 1 | 2 | undefined {
  if (value === 1 || value === 2) return value;
  if (typeof value !== "string") return undefined;
  const match = /^\s*(?:option\s*)?([12])(?![0-9])\s*(?:$|[:.)\-,]|\s)/i.exec(value);
  return match ? (Number(match[1]) as 1 | 2) : undefined;
}

/** Normalises action texts for comparison (whitespace and surrounding quotes do not matter). */
export const textKey = (text: string): string =>
  text
    .trim()
    .replace(/^["']|["']$/g, "")
    .replace(/\s+/g, " ")
    .trim();
