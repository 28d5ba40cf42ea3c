import { StoreWriteError } from "./errors.js";
import { PendingJournal } from "./pending-journal.js";
import type { StoredResponse } from "./store.js";

/**
 * Commits answers to the store. The first failed write stops the run from sending more
 * (requests in flight finish) and every answer from then on goes to the pending journal,
 * never lost; the next run moves them into the store.
 */
export class AnswerCommitter {
  private journal: PendingJournal | undefined;
  private failure: string | undefined;
  private halt: (() => void) | undefined;

  constructor(
    private readonly storePath: string,
    private readonly writer: () => { put(response: StoredResponse): void },
  ) {}

  put(response: StoredResponse): void {
    if (this.failure === undefined) {
      try {
        this.writer().put(response);
        return;
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        this.failure = e.code ? `${e.code}: ${e.message}` : String(e.message ?? e);
        this.halt?.();
      }
    }
    this.journal ??= new PendingJournal(this.storePath);
    this.journal.append(response);
  }

  /** Calls `halt` at the first failed write (at once if one already failed); returns the detach. */
  haltOnFailure(halt: () => void): () => void {
    this.halt = halt;
    if (this.failure !== undefined) halt();
    return () => {
      this.halt = undefined;
    };
  }

  /** The error saying where the answers went, once a write failed. */
  error(): StoreWriteError | undefined {
    if (this.failure === undefined) return undefined;
    return new StoreWriteError(
      this.storePath,
      this.failure,
      this.journal?.answers.length ?? 0,
      this.journal?.file,
    );
  }
}
