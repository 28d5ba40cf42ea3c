import { appendFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sha256Hex } from "@valens/core";
import { z } from "zod";
import type { ResponseStore, StoredResponse } from "./store.js";

const storedResponseSchema = z.object({
  key: z.string(),
  baseUrl: z.string(),
  model: z.string(),
  sample: z.number(),
  requestJson: z.string(),
  text: z.string(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  servedModel: z.string().nullable(),
  systemFingerprint: z.string().nullable(),
  finishReason: z.string().nullable(),
  source: z.enum(["live", "batch"]),
  createdAt: z.number(),
});

/**
 * Where answers go when the store cannot take them (disk full, read-only): a JSONL journal beside
 * the store, else in the temporary directory. The next client of the same store replays it into
 * the store, so a rerun buys no answer it already had.
 */
export class PendingJournal {
  /** Every answer appended, also kept in memory in case no journal file can be written. */
  readonly answers: StoredResponse[] = [];
  /** The file the answers are in; undefined while none could be written. */
  file: string | undefined;

  constructor(private readonly storePath: string) {}

  /** Candidate files, in order of preference. */
  static locations(storePath: string): string[] {
    const resolved = resolve(storePath);
    const id = sha256Hex(resolved).slice(0, 12);
    return [`${resolved}.pending.jsonl`, join(tmpdir(), `valens-pending-${id}.jsonl`)];
  }

  append(answer: StoredResponse): void {
    this.answers.push(answer);
    const line = `${JSON.stringify(answer)}\n`;
    const candidates = this.file ? [this.file] : PendingJournal.locations(this.storePath);
    for (const file of candidates) {
      try {
        // The first write of a new file carries every answer kept so far.
        appendFileSync(
          file,
          this.file === file ? line : this.answers.map((a) => `${JSON.stringify(a)}\n`).join(""),
        );
        this.file = file;
        return;
      } catch {
        if (this.file === file) this.file = undefined;
      }
    }
  }

  /**
   * Moves journalled answers of `storePath` into `store` and deletes the journals; a journal
   * that cannot be moved (store still not writable) stays for the next run. Returns how many.
   */
  static replay(store: ResponseStore, storePath: string): number {
    let moved = 0;
    for (const file of PendingJournal.locations(storePath)) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        continue;
      }
      const answers: StoredResponse[] = [];
      for (const line of text.split("\n")) {
        if (line.trim() === "") continue;
        try {
          const parsed = storedResponseSchema.safeParse(JSON.parse(line));
          if (parsed.success) answers.push(parsed.data);
        } catch {
          // a line cut off by the crash that stopped the run: that answer was never complete
        }
      }
      try {
        store.putMany(answers);
      } catch {
        continue;
      }
      rmSync(file, { force: true });
      moved += answers.length;
    }
    return moved;
  }
}
