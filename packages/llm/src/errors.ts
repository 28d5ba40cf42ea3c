import { ValensError, type ValensErrorOptions } from "@valens/core";

/** The provider refused the run for good (bad request, unknown model, no quota). Exit code 3. */
export class ProviderError extends ValensError {
  static override readonly marker: string = "valens.error.ProviderError";
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
  static override readonly marker: string = "valens.error.AuthError";
  override readonly name = "AuthError";
  readonly status: number;
  constructor(message: string, status: number, options: ValensErrorOptions = {}) {
    super("auth", message, options);
    this.status = status;
  }
}

/** `--max-cost` stopped the run; everything received so far is in the store. Exit code 4. */
export class BudgetError extends ValensError {
  static override readonly marker: string = "valens.error.BudgetError";
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
  static override readonly marker: string = "valens.error.InterruptedError";
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
  static override readonly marker: string = "valens.error.StoreWriteError";
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

/**
 * The host could not be reached after every attempt (DNS, connection refused or reset, timeouts):
 * the provider never said no. Exit code 6.
 */
export class NetworkError extends ValensError {
  static override readonly marker: string = "valens.error.NetworkError";
  override readonly name = "NetworkError";
  readonly host: string;
  constructor(baseUrl: string, reason: string, options: ValensErrorOptions = {}) {
    const host = hostOf(baseUrl);
    super("network", `Cannot reach ${baseUrl} (host ${host}): ${reason}`, {
      ...options,
      hint:
        options.hint ??
        "Check the base URL, the network and that the server is running; answers received so far are saved, rerun to continue",
    });
    this.host = host;
  }
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** Whether a transient failure's reason is the network's (no HTTP answer at all). */
export const isNetworkReason = (reason: string): boolean =>
  reason === "timeout" || reason === "connection error" || /^(E[A-Z_]+|UND_ERR\w*)$/.test(reason);
