import type { Catalog } from "../catalog/catalog.js";
import { defaultCatalog } from "../catalog/catalog.js";
import { InputError } from "../errors/input-error.js";
import { readCsv } from "../io/csv.js";
import { parseLlmAnswer } from "../parse/parse-llm-answer.js";
import type { ActionRecord } from "../schemas/action-record.js";
import type { Polarity } from "../schemas/item.js";
import { asText, field } from "./answer-fields.js";

export const VIA_COLUMNS = ["country", "topic", "value", "polarity", "generation_prompt"] as const;

/** A VIA row as the study's other files refer to it: by 0-based row position. */
export interface ViaRow {
  country: string;
  topic: string;
  value: string;
  polarity: Polarity;
  /** 1-based line in the VIA file where the row starts. */
  line: number;
  /** Index into `ViaImport.actions` of the action this row became (an exact duplicate shares one). */
  action: number;
}

export interface ViaImport {
  file: string;
  /** One action per distinct (country, topic, value, polarity), in file order. */
  actions: ActionRecord[];
  /** Every row of the file in order: rows[i] is the row the study's logs call index i. */
  rows: ViaRow[];
  counts: { rows: number; clean: number; repaired: number; failed: number; duplicates: number };
}

/**
 * Reads the study's VIA CSV (or any file with its columns): each row's generator answer is parsed
 * into an action, attributions and explanation; unreadable answers are kept with status "failed".
 * Names are normalised through the catalog. A repeated (country, topic, value, polarity) with
 * different content is an error naming both lines; an exact repeat is merged and counted.
 */
export async function importVia(file: string, options: { catalog?: Catalog } = {}): Promise<ViaImport> {
  const catalog = options.catalog ?? defaultCatalog;
  const description = "VIA CSV";
  const actions: ActionRecord[] = [];
  const rows: ViaRow[] = [];
  const byKey = new Map<string, { index: number; line: number; raw: string }>();
  const counts = { rows: 0, clean: 0, repaired: 0, failed: 0, duplicates: 0 };

  for await (const { cells, line } of readCsv(file, { requiredColumns: VIA_COLUMNS, description })) {
    const where = { file, line };
    const country = catalog.country(cells.country ?? "", where);
    const topic = catalog.topic(cells.topic ?? "", where);
    const value = catalog.value(cells.value ?? "", where).name;
    const polarity = readPolarity(cells.polarity, file, line);
    const raw = cells.generation_prompt ?? "";
    const sourceRow = counts.rows++;
    const key = `${country}|${topic}|${value}|${polarity}`;
    const earlier = byKey.get(key);
    if (earlier) {
      if (earlier.raw !== raw) {
        throw new InputError(
          `Conflicting duplicate items in the ${description}: ${key.replaceAll("|", ", ")} appears on lines ${earlier.line} and ${line} with different answers`,
          { file, line, hint: "Keep one of the two rows" },
        );
      }
      counts.duplicates++;
      rows.push({ country, topic, value, polarity, line, action: earlier.index });
      continue;
    }
    const record = toAction(raw, { country, topic, value, polarity, sourceRow });
    counts[record.parseStatus]++;
    byKey.set(key, { index: actions.length, line, raw });
    rows.push({ country, topic, value, polarity, line, action: actions.length });
    actions.push(record);
  }
  return { file, actions, rows, counts };
}

export function readPolarity(cell: string | undefined, file: string, line: number): Polarity {
  const text = (cell ?? "").trim().toLowerCase();
  if (text !== "positive" && text !== "negative") {
    throw new InputError(`Unknown polarity "${cell ?? ""}"`, {
      file,
      line,
      hint: 'The polarity column holds "positive" or "negative"',
    });
  }
  return text;
}

function toAction(
  raw: string,
  item: { country: string; topic: string; value: string; polarity: Polarity; sourceRow: number },
): ActionRecord {
  const parsed = parseLlmAnswer(raw);
  if (!parsed.ok) {
    return {
      ...item,
      action: null,
      attributions: [],
      explanation: null,
      raw,
      parseStatus: "failed",
      parseNote: parsed.reason,
    };
  }
  const action = asText(field(parsed.value, "Human Action", "action"));
  const attributionsField = field(parsed.value, "Feature Attributions", "attributions");
  const attributions = Array.isArray(attributionsField)
    ? attributionsField.map(asText).filter((a): a is string => a !== null)
    : typeof attributionsField === "string"
      ? [attributionsField]
      : [];
  const explanation = asText(field(parsed.value, "Natural Language Explanation", "explanation"));
  if (action === null) {
    return {
      ...item,
      action: null,
      attributions,
      explanation,
      raw,
      parseStatus: "failed",
      parseNote: 'the answer has no "Human Action"',
    };
  }
  return {
    ...item,
    action,
    attributions,
    explanation,
    raw,
    parseStatus: parsed.status,
    ...(parsed.note === undefined ? {} : { parseNote: parsed.note }),
  };
}
