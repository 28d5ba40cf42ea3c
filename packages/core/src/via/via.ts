import type { Catalog } from "../catalog/catalog.js";
import { defaultCatalog } from "../catalog/catalog.js";
import { InputError } from "../errors/input-error.js";
import { writeFileAtomic } from "../io/atomic.js";
import { forEachCsvRow } from "../io/csv.js";
import type { ActionKey, ActionRecord } from "../schemas/action-record.js";
import type { Polarity } from "../schemas/item.js";
import { ActionLines, toActionRecord, type ViaItem } from "./action-lines.js";

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
  const actions: ActionRecord[] = [];
  const statuses = { clean: 0, repaired: 0, failed: 0 };
  const index = await readViaItems(file, options.catalog ?? defaultCatalog, (item) => {
    const action = toActionRecord(item);
    statuses[action.parseStatus]++;
    actions.push(action);
  });
  const counts = { rows: index.rows.length, ...statuses, duplicates: index.duplicates };
  return { file, actions, rows: index.rows, counts };
}

/**
 * `importVia` that writes the actions to `out` as JSONL (what `writeJsonl` writes for
 * `importVia(file).actions`) instead of returning them. Each action is serialised as soon as its
 * row is parsed, so neither rows nor records pile up in memory: on the study's file that also
 * spares the garbage collector most of its work.
 */
export async function importViaToJsonl(
  file: string,
  out: string,
  options: { catalog?: Catalog } = {},
): Promise<ViaFileImport> {
  const lines = new ActionLines();
  const actions: ActionKey[] = [];
  const index = await readViaItems(file, options.catalog ?? defaultCatalog, (item) => {
    lines.add(toActionRecord(item));
    actions.push({ country: item.country, topic: item.topic, value: item.value, polarity: item.polarity });
  });
  await writeFileAtomic(out, lines.finish());
  const counts = { rows: index.rows.length, ...lines.counts, duplicates: index.duplicates };
  return { file, written: out, actions, rows: index.rows, counts };
}

/**
 * Reads the rows of a VIA file, checked, and hands each distinct item with its answer to `onItem`
 * as it is parsed. A repeated item is compared with the first by the length and a 53-bit hash of
 * its answer, so the answers need not be kept.
 */
async function readViaItems(
  file: string,
  catalog: Catalog,
  onItem: (item: ViaItem) => void,
): Promise<{ rows: ViaRow[]; duplicates: number }> {
  const description = "VIA CSV";
  const rows: ViaRow[] = [];
  const byKey = new Map<string, { index: number; line: number; length: number; hash: number }>();
  let items = 0;
  let duplicates = 0;
  await forEachCsvRow(file, { requiredColumns: VIA_COLUMNS, description }, ({ cells, line }) => {
    const where = { file, line };
    const country = catalog.country(cells.country ?? "", where);
    const topic = catalog.topic(cells.topic ?? "", where);
    const value = catalog.value(cells.value ?? "", where).name;
    const polarity = readPolarity(cells.polarity, file, line);
    const raw = cells.generation_prompt ?? "";
    const sourceRow = rows.length;
    const key = `${country}|${topic}|${value}|${polarity}`;
    const hash = textHash(raw);
    const earlier = byKey.get(key);
    if (earlier) {
      if (earlier.length !== raw.length || earlier.hash !== hash) {
        throw new InputError(
          `Conflicting duplicate items in the ${description}: ${key.replaceAll("|", ", ")} appears on lines ${earlier.line} and ${line} with different answers`,
          { file, line, hint: "Keep one of the two rows" },
        );
      }
      duplicates++;
      rows.push({ country, topic, value, polarity, line, action: earlier.index });
      return;
    }
    byKey.set(key, { index: items, line, length: raw.length, hash });
    rows.push({ country, topic, value, polarity, line, action: items++ });
    onItem({ country, topic, value, polarity, sourceRow, raw });
  });
  return { rows, duplicates };
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

/**
 * cyrb53 (bryc, public domain): a 53-bit hash of a string, about five times cheaper here than a
 * SHA-1 of it. Only items with the same country, topic, value and polarity are compared, so a
 * collision that hides a conflicting duplicate needs two such rows and odds of 2^-53.
 */
function textHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
