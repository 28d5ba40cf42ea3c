import { defaultCatalog } from "../catalog/catalog.js";
import { formatCsvRecords } from "../io/csv.js";

/** CSV text of rows of text and numbers, "\n" after each (quoted by core's writer, papaparse). */
export const csvText = (rows: readonly (readonly unknown[])[]): string =>
  formatCsvRecords(rows.map((row) => row.map(String)));

/** A generator answer in the VIA layout: the action, its second word as the attribution. */
export const viaAnswer = (action: string): string =>
  JSON.stringify({
    "Human Action": action,
    "Feature Attributions": [action.split(" ")[1] ?? action],
    "Natural Language Explanation": "why",
  });

/**
 * Two items (one scenario, two values), both polarities, in the VIA layout: a clean answer, one
 * fenced in a code block, a Python dict with lower-cased names, and a refusal.
 */
export const VIA_FIXTURE_ROWS: readonly (readonly unknown[])[] = [
  ["", "Unnamed: 0", "country", "topic", "value", "polarity", "generation_prompt"],
  [0, 0, "United States", "Politics", "Social Power", "positive", viaAnswer("I lead rallies")],
  [
    1,
    1,
    "United States",
    "Politics",
    "Social Power",
    "negative",
    `\`\`\`json\n${viaAnswer("I share power")}\n\`\`\``,
  ],
  [
    2,
    2,
    "united states",
    "politics",
    "Wealth",
    "positive",
    "{'Human Action': 'I invest', 'Feature Attributions': ['invest'], 'Natural Language Explanation': 'money'}",
  ],
  [3, 3, "United States", "Politics", "Wealth", "negative", "I'm sorry, but I can't assist with that."],
];

/** `count` distinct VIA rows over the catalog's grid, with clean, Python-dict and refused answers. */
export function viaCsv(count: number): string {
  const rows: unknown[][] = [["", "country", "topic", "value", "polarity", "generation_prompt"]];
  for (let i = 0; rows.length <= count; i++) {
    const polarity = i % 2 === 0 ? "positive" : "negative";
    const item = Math.floor(i / 2);
    const value = defaultCatalog.values[item % 56]?.name;
    const topic = defaultCatalog.topics[Math.floor(item / 56) % 11];
    const country = defaultCatalog.countries[Math.floor(item / 616) % 12];
    const text =
      i % 7 === 3
        ? `{'Human Action': 'I act ${i}', 'Feature Attributions': ['act'], 'Natural Language Explanation': 'it's ${i}'}`
        : i % 11 === 5
          ? "I'm sorry, but I can't assist with that."
          : viaAnswer(`I do ${i} things "quoted"\nacross lines`);
    rows.push([i, country, topic, value, polarity, text]);
  }
  return csvText(rows);
}
