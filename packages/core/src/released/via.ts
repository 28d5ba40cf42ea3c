import type { Catalog } from "../catalog/catalog.js";
import { defaultCatalog } from "../catalog/catalog.js";
import { InputError } from "../errors/input-error.js";
import { writeFileAtomic } from "../io/atomic.js";
import { readCsv } from "../io/csv.js";
import type { ActionKey, ActionRecord } from "../schemas/action-record.js";
import type { Polarity } from "../schemas/item.js";
import { actionLines, toActionRecord, type ViaItem } from "./action-lines.js";

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
  counts: ViaCounts;
}

export interface ViaCounts {
  rows: number;
  clean: number;
  repaired: number;
  failed: number;
  duplicates: number;
}

/** A VIA file whose actions were written to a JSONL file (`importViaToJsonl`). */
export interface ViaFileImport {
  file: string;
  /** The JSONL file the actions were written to. */
  written: string;
  /** The item and polarity of each action, in the order of the written file. */
  actions: ActionKey[];
  rows: ViaRow[];
  counts: ViaCounts;
}

/**
 * Reads the study's VIA CSV (or any file with its columns): each row's generator answer is parsed
 * into an action, attributions and explanation; unreadable answers are kept with status "failed".
 * Names are normalised through the catalog. A repeated (country, topic, value, polarity) with
 * different content is an error naming both lines; an exact repeat is merged and counted.
 */
export async function importVia(file: string, options: { catalog?: Catalog } = {}): Promise<ViaImport> {
  const index = await indexVia(file, options.catalog ?? defaultCatalog);
  const actions = index.items.map(toActionRecord);
  const counts = { rows: index.rows.length, clean: 0, repaired: 0, failed: 0, duplicates: index.duplicates };
  for (const action of actions) counts[action.parseStatus]++;
  return { file, actions, rows: index.rows, counts };
}

/**
 * `importVia` that writes the actions to `out` as JSONL (what `writeJsonl` writes for
 * `importVia(file).actions`) instead of returning them: each action is serialised as soon as its
 * answer is read, so the records are never all in memory, which also spares the garbage collector.
 */
export async function importViaToJsonl(
  file: string,
  out: string,
  options: { catalog?: Catalog } = {},
): Promise<ViaFileImport> {
  const index = await indexVia(file, options.catalog ?? defaultCatalog);
  const lines = actionLines(index.items);
  await writeFileAtomic(out, lines.chunks);
  const { clean, repaired, failed } = lines.counts;
  const counts = { rows: index.rows.length, clean, repaired, failed, duplicates: index.duplicates };
  const actions = index.items.map(({ country, topic, value, polarity }) => ({
    country,
    topic,
    value,
    polarity,
  }));
  return { file, written: out, actions, rows: index.rows, counts };
}

interface ViaIndex {
  rows: ViaRow[];
  /** The distinct items, in file order, with their answers. */
  items: ViaItem[];
  duplicates: number;
}

/** The rows of a VIA file and its distinct items, checked, before any answer is read. */
async function indexVia(file: string, catalog: Catalog): Promise<ViaIndex> {
  const description = "VIA CSV";
  const items: ViaItem[] = [];
  const rows: ViaRow[] = [];
  const byKey = new Map<string, { index: number; line: number; raw: string }>();
  let duplicates = 0;

  for await (const { cells, line } of readCsv(file, { requiredColumns: VIA_COLUMNS, description })) {
    const where = { file, line };
    const country = catalog.country(cells.country ?? "", where);
    const topic = catalog.topic(cells.topic ?? "", where);
    const value = catalog.value(cells.value ?? "", where).name;
    const polarity = readPolarity(cells.polarity, file, line);
    const raw = cells.generation_prompt ?? "";
    const sourceRow = rows.length;
    const key = `${country}|${topic}|${value}|${polarity}`;
    const earlier = byKey.get(key);
    if (earlier) {
      if (earlier.raw !== raw) {
        throw new InputError(
          `Conflicting duplicate items in the ${description}: ${key.replaceAll("|", ", ")} appears on lines ${earlier.line} and ${line} with different answers`,
          { file, line, hint: "Keep one of the two rows" },
        );
      }
      duplicates++;
      rows.push({ country, topic, value, polarity, line, action: earlier.index });
      continue;
    }
    byKey.set(key, { index: items.length, line, raw });
    rows.push({ country, topic, value, polarity, line, action: items.length });
    items.push({ country, topic, value, polarity, sourceRow, raw });
  }
  return { rows, items, duplicates };
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
