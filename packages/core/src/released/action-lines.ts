import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
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
  // A copy of exactly the written bytes, in its own ArrayBuffer, so it can be moved between threads.
  return { bytes: new Uint8Array(bytes.subarray(0, length)), counts };
}

/** Below this many items a worker costs more than it saves. */
const minItemsPerWorker = 1000;

/**
 * Reads the answers of `items` into action JSONL on worker threads, one contiguous slice per
 * thread, so the CPU-bound parsing runs beside whatever the calling thread does meanwhile.
 * Workers start when this is called and wait for their slice: `start` returns the function that
 * hands them the items. With `threads` 0, without the compiled worker module (running from
 * TypeScript sources, or bundled without it) or for a few items, the work is done on the calling
 * thread.
 */
export function startActionLines(threads = Math.min(4, availableParallelism())): {
  run: (items: readonly ViaItem[]) => Promise<ActionLines[]>;
  stop: () => void;
} {
  const workerUrl = new URL("./action-lines-worker.js", import.meta.url);
  const usable = workerUrl.protocol === "file:" && existsSync(fileURLToPath(workerUrl));
  const workers = usable && threads > 0 ? Array.from({ length: threads }, () => new Worker(workerUrl)) : [];
  const stop = () => {
    for (const worker of workers) void worker.terminate();
  };
  const run = async (items: readonly ViaItem[]): Promise<ActionLines[]> => {
    const count = Math.min(workers.length, Math.floor(items.length / minItemsPerWorker));
    if (count === 0) {
      stop();
      return [actionLines(items)];
    }
    for (const idle of workers.slice(count)) void idle.terminate();
    const size = Math.ceil(items.length / count);
    try {
      return await Promise.all(
        workers.slice(0, count).map((worker, i) => inWorker(worker, items.slice(i * size, (i + 1) * size))),
      );
    } finally {
      stop();
    }
  };
  return { run, stop };
}

function inWorker(worker: Worker, items: readonly ViaItem[]): Promise<ActionLines> {
  return new Promise((resolve, reject) => {
    worker.once("message", (result: ActionLines) => resolve(result));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the action-reading worker exited with code ${code}`)));
    worker.postMessage(items);
  });
}
