import { readGeneratedAnswer } from "../parse/generated-answer.js";
import type { ActionRecord } from "../schemas/action-record.js";
import type { ParseStatus, Polarity } from "../schemas/item.js";

/** One distinct VIA item with the generator's answer, before the answer is read. */
export interface ViaItem {
  country: string;
  topic: string;
  value: string;
  polarity: Polarity;
  /** 0-based row of the VIA file. */
  sourceRow: number;
  raw: string;
}

export function toActionRecord(item: ViaItem): ActionRecord {
  const answer = readGeneratedAnswer(item.raw);
  // Spelled out rather than spread: several times cheaper, and the key order of the files.
  const record: ActionRecord = {
    country: item.country,
    topic: item.topic,
    value: item.value,
    polarity: item.polarity,
    sourceRow: item.sourceRow,
    action: answer.action,
    attributions: answer.attributions,
    explanation: answer.explanation,
    raw: answer.raw,
    parseStatus: answer.parseStatus,
  };
  if (answer.parseNote !== undefined) record.parseNote = answer.parseNote;
  return record;
}

/**
 * The items' actions as JSONL bytes (what `writeJsonl` writes for the same records), about
 * 1 MB at a time; `counts` holds the parse statuses of the items read so far. A chunk is only
 * valid until the next one is asked for: its buffer is reused, which keeps the work in cache.
 */
export interface ActionLines {
  chunks: Iterable<Uint8Array>;
  counts: Record<ParseStatus, number>;
}

const chunkBytes = 1 << 20;

export function actionLines(items: readonly ViaItem[]): ActionLines {
  const counts = { clean: 0, repaired: 0, failed: 0 };
  function* chunks(): Generator<Uint8Array> {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    let length = 0;
    for (const item of items) {
      const record = toActionRecord(item);
      counts[record.parseStatus]++;
      const line = `${JSON.stringify(record)}\n`;
      // UTF-8 needs at most 3 bytes per UTF-16 code unit.
      if (length + line.length * 3 > chunkBytes) {
        if (length > 0) yield buffer.subarray(0, length);
        length = 0;
        if (line.length * 3 > chunkBytes) {
          yield Buffer.from(line, "utf8");
          continue;
        }
      }
      length += buffer.write(line, length, "utf8");
    }
    if (length > 0) yield buffer.subarray(0, length);
  }
  return { chunks: chunks(), counts };
}
