import type { BatchLimits } from "./batch-runner.js";
import type { Clock } from "./clock.js";
import type { Price, ValensConfig } from "./config.js";
import type { ProgressListener } from "./progress-events.js";
import type { RetryPolicy } from "./scheduler.js";
import type { StoredResponse } from "./store.js";

export interface CreateModelClientOptions {
  /** Overrides the provider's base URL (--base-url). */
  baseUrl?: string;
  /** The key itself; otherwise read from the provider's environment variable. Never stored. */
  apiKey?: string;
  /** Environment to read keys and URLs from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** A loaded config object, or the path of a config file; default: valens.config.* in cwd. */
  config?: ValensConfig | string;
  /** SQLite store (default .valens-cache/store.sqlite in cwd, or $VALENS_CACHE_DIR/store.sqlite). */
  storePath?: string;
  concurrency?: number;
  rpm?: number;
  tpm?: number;
  /** Price of this model in USD per 1M tokens; overrides the table and the config. */
  prices?: Price;
  /** Told where each run stands (start, every change, stop); the client itself draws nothing. */
  onProgress?: ProgressListener;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout (ms) given to the SDK; default 60 s (config key `timeoutMs`). */
  timeoutMs?: number;
  /** Attempts per request (config key `maxAttempts`); default 8, of which at most 3 may time out. */
  maxAttempts?: number;
  batch?: Partial<BatchLimits>;
  /** Where notes go (batches submitted, answers moved from the journal; default stderr). */
  log?: (line: string) => void;
  /** Time for pacing and retry waits (tests inject one; default the system clock). */
  clock?: Clock;
  /** Where answers are committed (default the store); tests inject a failing one. */
  answerWriter?: { put(response: StoredResponse): void };
}

export const DEFAULT_CONCURRENCY = 8;
/** Per-attempt timeout: long enough for a slow model's answer, short enough to notice a dead one. */
export const DEFAULT_TIMEOUT_MS = 60_000;
