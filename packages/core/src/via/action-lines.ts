import { JsonlEncoder } from "../io/jsonl.js";
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

/** Action records as JSONL bytes (what `writeJsonl` writes for them), counted by parse status. */
export class ActionLines {
  readonly counts: Record<ParseStatus, number> = { clean: 0, repaired: 0, failed: 0 };
  private readonly encoder = new JsonlEncoder();

  add(record: ActionRecord): void {
    this.counts[record.parseStatus]++;
    this.encoder.add(record);
  }

  /** The bytes of every record added, in order. */
  finish(): Buffer[] {
    return this.encoder.finish();
  }
}
