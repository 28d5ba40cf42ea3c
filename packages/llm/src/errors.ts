import { ValensError, type ValensErrorOptions } from "@valens/core";

/** The provider refused the run for good (bad request, unknown model, no quota). Exit code 3. */
export class ProviderError extends ValensError {
  override readonly name = "ProviderError";
  /** HTTP status, when the provider answered. */
  readonly status: number | undefined;
  constructor(message: string, status: number | undefined, options: ValensErrorOptions = {}) {
    super("provider", message, options);
    this.status = status;
  }
}

/** The API key was rejected (401/403). Exit code 3. */
export class AuthError extends ValensError {
  override readonly name = "AuthError";
  readonly status: number;
  constructor(message: string, status: number, options: ValensErrorOptions = {}) {
    super("auth", message, options);
    this.status = status;
  }
}

/** `--max-cost` stopped the run; everything received so far is in the store. Exit code 4. */
export class BudgetError extends ValensError {
  override readonly name = "BudgetError";
  readonly spentUsd: number;
  readonly maxCostUsd: number;
  constructor(spentUsd: number, maxCostUsd: number, remaining: number) {
    super(
      "budget",
      `Stopped before exceeding --max-cost $${maxCostUsd.toFixed(4)}: spent $${spentUsd.toFixed(4)}, ${remaining} request(s) not sent`,
      {
        hint: "Every answer received is saved; rerun with a higher --max-cost to continue where this run stopped",
      },
    );
    this.spentUsd = spentUsd;
    this.maxCostUsd = maxCostUsd;
  }
}

/** The run was aborted (signal); everything received so far is in the store. Exit code 130. */
export class InterruptedError extends ValensError {
  override readonly name = "InterruptedError";
  constructor(done: number, total: number) {
    super("interrupted", `Interrupted after ${done} of ${total} answer(s)`, {
      hint: "Every answer received is saved; rerun the same command to continue",
    });
  }
}

/**
 * The response store could not be written (disk full, read-only): sending stopped and every
 * answer received is in a journal the next run replays. Exit code 7.
 */
export class StoreWriteError extends ValensError {
  override readonly name = "StoreWriteError";
  constructor(storePath: string, reason: string, kept: number, journal: string | undefined) {
    super(
      "store-write",
      `Cannot write the response store (${reason}): stopped sending; ${kept} answer(s) received since are ${journal ? `kept in ${journal}` : "held only in memory and could not be saved"}`,
      {
        file: storePath,
        hint: "Free disk space or make the store writable (--store, VALENS_CACHE_DIR), then rerun the same command: kept answers are replayed, none is bought again",
      },
    );
  }
}
