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

/** Actions as JSONL bytes (what `writeJsonl` writes for the same records), with their parse statuses. */
export interface ActionLines {
  bytes: Uint8Array;
  counts: Record<ParseStatus, number>;
}

export function actionLines(items: readonly ViaItem[]): ActionLines {
  const counts = { clean: 0, repaired: 0, failed: 0 };
  // Lines are encoded straight into one growing buffer: no joined copy of the whole text.
  let bytes = Buffer.allocUnsafe(1 << 20);
  let length = 0;
  for (const item of items) {
    const record = toActionRecord(item);
    counts[record.parseStatus]++;
    const line = `${JSON.stringify(record)}\n`;
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (length + line.length * 3 > bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(bytes.length * 2, length + line.length * 3));
      bytes.copy(grown, 0, 0, length);
      bytes = grown;
    }
    length += bytes.write(line, length, "utf8");
  }
  return { bytes: bytes.subarray(0, length), counts };
}
