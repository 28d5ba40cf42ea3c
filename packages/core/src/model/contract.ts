/**
 * The model contract: what @valens/tasks and @valens/dataset-gen build on and @valens/llm implements.
 * It lives in core so that packages needing only these types do not install the client (and its
 * native SQLite store). Implementations may add fields; they must not rename or remove these.
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
      /** Cache key of the request (added by the implementation). */
      key?: string;
      /** finish_reason of the answer ("length" = cut off at max_tokens). */
      finishReason?: string | null;
      /** Set when the answer was expected to be JSON: "failed" = kept raw, not parseable. */
      answerStatus?: "clean" | "repaired" | "failed";
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
  /** Check answers as JSON (default: when response_format is json_object); broken ones are kept raw and counted. */
  expectJson?: boolean;
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
  /** HTTP attempts, retries included (added by the implementation). */
  attempts?: number;
  retries?: number;
  /** Answers that came from the Batch API in this run. */
  batchAnswers?: number;
  /** Answers expected to be JSON that did not parse; kept raw in results and store. */
  malformedAnswers?: number;
}

export interface ModelClient {
  /** "provider:model" as given, and the resolved pieces. */
  readonly ref: string;
  readonly model: string;
  readonly baseUrl: string;
  /** The response store's file, when the client keeps one (fakes need not). */
  readonly storePath?: string;
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
