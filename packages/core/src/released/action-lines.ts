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
 * Action records as JSONL bytes (what `writeJsonl` writes for the same records), encoded into
 * 1 MB buffers: off the JavaScript heap, so the garbage collector never copies them.
 */
export class ActionLines {
  readonly counts: Record<ParseStatus, number> = { clean: 0, repaired: 0, failed: 0 };
  private readonly chunks: Buffer[] = [];
  private buffer = Buffer.allocUnsafe(chunkBytes);
  private length = 0;

  add(record: ActionRecord): void {
    this.counts[record.parseStatus]++;
    const line = `${JSON.stringify(record)}\n`;
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.length + line.length * 3 > this.buffer.length) {
      this.flush();
      if (line.length * 3 > this.buffer.length) {
        this.chunks.push(Buffer.from(line, "utf8"));
        return;
      }
    }
    this.length += this.buffer.write(line, this.length, "utf8");
  }

  /** The bytes of every record added, in order. */
  finish(): Buffer[] {
    this.flush();
    return this.chunks;
  }

  private flush(): void {
    if (this.length === 0) return;
    this.chunks.push(this.buffer.subarray(0, this.length));
    this.buffer = Buffer.allocUnsafe(chunkBytes);
    this.length = 0;
  }
}

const chunkBytes = 1 << 20;
