/**
 * The public contract of @valens/llm that @valens/tasks and @valens/dataset-gen build on.
 * Implementations may add fields; they must not rename or remove these.
 */

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Sampling parameters sent with a chat request; all of them are part of the cache key. */
export interface ChatParams {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  response_format?: { type: "json_object" | "text" };
}

/** One request to make. `sample` distinguishes repeated samples of the same prompt. */
export interface ChatJob<M = unknown> {
  /** Stable id of the job inside its run (e.g. "t2|United States|Politics|Wealth|v5|s0"). */
  id: string;
  messages: ChatMessage[];
  params?: ChatParams;
  sample?: number;
  /** Caller's data carried to the result untouched. */
  meta: M;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export type ChatResult<M = unknown> =
  | {
      ok: true;
      job: ChatJob<M>;
      /** The model's answer text, exactly as received. */
      text: string;
      fromCache: boolean;
      usage: TokenUsage;
      /** Model name and system_fingerprint the API returned. */
      servedModel: string | null;
      systemFingerprint: string | null;
    }
  | {
      ok: false;
      job: ChatJob<M>;
      /** Why no answer was obtained after retries (never cached). */
      error: string;
    };

export interface RunPlan {
  jobs: number;
  cacheHits: number;
  requestsToSend: number;
  promptTokens: number;
  expectedCompletionTokens: number;
  /** null when no price is known for the model. */
  costUsd: number | null;
  batchCostUsd: number | null;
  /** Expected wall time at the configured limits. */
  durationSeconds: number;
}

export interface RunOptions<M = unknown> {
  /** Ignore the cache for reads and writes. */
  noCache?: boolean;
  /** Ask again even when cached, replacing the cached answer. */
  refresh?: boolean;
  /** Use the Batch API where the provider has one. */
  batch?: boolean;
  /** Stop before spending more than this (USD). */
  maxCostUsd?: number;
  /** Called as each result arrives (already committed to the store). */
  onResult?: (result: ChatResult<M>) => void;
  signal?: AbortSignal;
}

export interface RunSummary {
  requests: number;
  cacheHits: number;
  failures: number;
  usage: TokenUsage;
  costUsd: number | null;
  servedModels: string[];
  systemFingerprints: string[];
  durationMs: number;
}

export interface ModelClient {
  /** "provider:model" as given, and the resolved pieces. */
  readonly ref: string;
  readonly model: string;
  readonly baseUrl: string;
  plan<M>(
    jobs: readonly ChatJob<M>[],
    options?: Pick<RunOptions<M>, "noCache" | "refresh" | "batch">,
  ): Promise<RunPlan>;
  run<M>(
    jobs: readonly ChatJob<M>[],
    options?: RunOptions<M>,
  ): Promise<{ results: ChatResult<M>[]; summary: RunSummary }>;
  embed(texts: readonly string[]): Promise<number[][]>;
  close(): Promise<void>;
}
