import { setMaxListeners } from "node:events";
import type {
  ChatJob,
  ChatResult,
  ModelClient,
  RunOptions,
  RunPlan,
  RunSummary,
  TokenUsage,
} from "@valens/core";
import { InputError, parseLlmAnswer, type ValensError } from "@valens/core";
import OpenAI, { AzureOpenAI } from "openai";
import { type BatchLimits, DEFAULT_BATCH_LIMITS, runBatch } from "./batch-runner.js";
import { adaptBody, type BodyRules } from "./body-rules.js";
import { Budget } from "./budget.js";
import { type ClassifyContext, classifyError } from "./classify.js";
import { type Clock, sleepOn, systemClock } from "./clock.js";
import { type ParsedCompletion, parseCompletionBody } from "./completion.js";
import {
  loadConfig,
  type ModelSettings,
  type Price,
  parseConfig,
  settingsFor,
  type ValensConfig,
} from "./config.js";
import {
  BudgetError,
  InterruptedError,
  isNetworkReason,
  NetworkError,
  ProviderError,
  StoreWriteError,
} from "./errors.js";
import { createKeepAliveFetch, type KeepAliveFetch } from "./keep-alive-fetch.js";
import { PendingJournal } from "./pending-journal.js";
import { costOf, priceFor } from "./prices.js";
import { Progress, type ProgressMode } from "./progress.js";
import { type ResolvedModel, resolveModel } from "./providers.js";
import {
  buildRequestBody,
  type ChatRequestBody,
  canonicalJson,
  embeddingKey,
  requestKey,
} from "./request.js";
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy, Scheduler } from "./scheduler.js";
import { defaultStorePath, ResponseStore, type StoredResponse, storedResponse } from "./store.js";
import { countChatTokens } from "./tokens.js";

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
  progress?: ProgressMode;
  /** Label of the progress line (default: the model reference). */
  label?: string;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout (ms) given to the SDK; default 60 s (config key `timeoutMs`). */
  timeoutMs?: number;
  /** Attempts per request (config key `maxAttempts`); default 8, of which at most 3 may time out. */
  maxAttempts?: number;
  batch?: Partial<BatchLimits>;
  /** Where progress lines and notes go (default stderr). */
  log?: (line: string) => void;
  /** Progress line interval in ms when not on a terminal. */
  progressIntervalMs?: number;
  /** Time for pacing and retry waits (tests inject one; default the system clock). */
  clock?: Clock;
  /** Where answers are committed (default the store); tests inject a failing one. */
  answerWriter?: { put(response: StoredResponse): void };
}

/** One request of a run, deduplicated by key. */
export interface PendingRequest {
  key: string;
  sample: number;
  body: ChatRequestBody;
  /** Prompt tokens by the tokenizer, computed lazily. */
  promptTokens?: number;
}

const DEFAULT_CONCURRENCY = 8;
/** Per-attempt timeout: long enough for a slow model's answer, short enough to notice a dead one. */
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_EXPECTED_OUTPUT = 300;
const DEFAULT_LATENCY_MS = 2000;

/** Everything a run shares while it executes. */
export interface RunContext {
  readonly client: OpenAIModelClient;
  readonly progress: Progress;
  readonly budget: Budget;
  readonly signal: AbortSignal;
  /** Aborted when no new request may be sent (the store failed); requests in flight finish. */
  readonly halt: AbortSignal;
  readonly noCache: boolean;
  /** Commits an answer (unless noCache) and hands it to every job that asked for it. */
  deliver(request: PendingRequest, answer: ParsedCompletion, source: "live" | "batch"): void;
  fail(request: PendingRequest, error: string): void;
  stats: { attempts: number; retries: number; batchAnswers: number };
}

export class OpenAIModelClient implements ModelClient {
  readonly ref: string;
  readonly model: string;
  readonly baseUrl: string;
  readonly provider: string;
  readonly settings: ModelSettings;
  readonly price: Price | null;
  readonly supportsBatch: boolean;
  /** The provider's request-body differences (Mistral's random_seed, Anthropic's temperature cap). */
  readonly bodyRules: BodyRules | undefined;
  readonly openai: OpenAI;
  private readonly transport: KeepAliveFetch;
  readonly scheduler: Scheduler;
  private readonly clock: Clock;
  private readonly maxTimeouts: number;
  private readonly timeoutMs: number;
  private journal: PendingJournal | undefined;
  private storeFailure: string | undefined;
  private haltRun: (() => void) | undefined;
  readonly retry: RetryPolicy;
  readonly batchLimits: BatchLimits;
  readonly classifyContext: ClassifyContext;
  private storeInstance: ResponseStore | null = null;
  /** The response store's file. */
  readonly storePath: string;
  private readonly options: CreateModelClientOptions;
  private readonly apiKeyEnv: string | null;

  constructor(resolved: ResolvedModel, config: ValensConfig, options: CreateModelClientOptions) {
    this.ref = resolved.ref;
    this.model = resolved.model;
    this.baseUrl = resolved.baseUrl;
    this.provider = resolved.provider;
    this.options = options;
    this.apiKeyEnv = resolved.apiKeyEnv;
    const fromConfig = settingsFor(config, resolved.ref, resolved.model);
    this.settings = {
      ...fromConfig,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.rpm !== undefined ? { rpm: options.rpm } : {}),
      ...(options.tpm !== undefined ? { tpm: options.tpm } : {}),
    };
    this.price = priceFor(resolved.model, config, options.prices ?? fromConfig.price, resolved.provider);
    this.supportsBatch = resolved.batch;
    this.bodyRules = resolved.body;
    this.retry = {
      ...DEFAULT_RETRY,
      ...(this.settings.maxAttempts !== undefined ? { maxAttempts: this.settings.maxAttempts } : {}),
      ...options.retry,
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    };
    // A server that never answers costs a full timeout per attempt: unless the attempts were set
    // explicitly, three timeouts end a request, so a dead endpoint fails within a few minutes.
    this.maxTimeouts =
      options.maxAttempts !== undefined || this.settings.maxAttempts !== undefined
        ? this.retry.maxAttempts
        : Math.min(3, this.retry.maxAttempts);
    this.batchLimits = { ...DEFAULT_BATCH_LIMITS, ...options.batch };
    this.storePath = options.storePath ?? defaultStorePath(options.env ?? process.env);
    this.classifyContext = {
      baseUrl: resolved.baseUrl,
      model: resolved.model,
      apiKeyEnv: resolved.apiKeyEnv,
      secrets: [resolved.apiKey],
    };
    this.timeoutMs = options.timeoutMs ?? this.settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.transport = createKeepAliveFetch(Math.max(this.settings.concurrency ?? DEFAULT_CONCURRENCY, 1));
    const common = {
      // One retry layer: ours. The SDK's own retries would hide 429s from the scheduler.
      maxRetries: 0,
      fetch: this.transport.fetch,
      timeout: this.timeoutMs,
      defaultHeaders: resolved.headers,
    };
    this.openai = resolved.azure
      ? new AzureOpenAI({
          ...common,
          apiKey: resolved.apiKey ?? "",
          endpoint: resolved.azure.endpoint,
          deployment: resolved.azure.deployment,
          apiVersion: resolved.azure.apiVersion,
        })
      : new OpenAI({ ...common, apiKey: resolved.apiKey ?? "not-needed", baseURL: resolved.baseUrl });
    this.clock = options.clock ?? systemClock;
    this.scheduler = new Scheduler(
      {
        concurrency: this.settings.concurrency ?? DEFAULT_CONCURRENCY,
        rpm: this.settings.rpm,
        tpm: this.settings.tpm,
      },
      this.clock,
    );
  }

  /** The store, opened on first use (plain construction touches no file). */
  get store(): ResponseStore {
    if (this.storeInstance === null) {
      this.storeInstance = new ResponseStore(this.storePath);
      // Answers an earlier run could not store are moved in before anything is asked again.
      const replayed = PendingJournal.replay(this.storeInstance, this.storePath);
      if (replayed > 0)
        this.log(`valens: moved ${replayed} answer(s) an earlier run could not store into ${this.storePath}`);
    }
    return this.storeInstance;
  }

  /**
   * Commits an answer. The first failed write stops the run from sending more (requests in
   * flight finish) and every answer from then on goes to the pending journal, never lost.
   */
  persist(response: StoredResponse): void {
    if (this.storeFailure === undefined) {
      try {
        (this.options.answerWriter ?? this.store).put(response);
        return;
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        this.storeFailure = e.code ? `${e.code}: ${e.message}` : String(e.message ?? e);
        this.haltRun?.();
      }
    }
    this.journal ??= new PendingJournal(this.storePath);
    this.journal.append(response);
  }

  log(line: string): void {
    (this.options.log ?? ((text: string) => process.stderr.write(`${text}\n`)))(line);
  }

  prepare<M>(jobs: readonly ChatJob<M>[]): { keys: string[]; unique: Map<string, PendingRequest> } {
    const keys: string[] = [];
    const unique = new Map<string, PendingRequest>();
    const ids = new Set<string>();
    for (const job of jobs) {
      if (ids.has(job.id)) {
        throw new InputError(`Duplicate job id "${job.id}"`, { hint: "Give every job of a run its own id" });
      }
      ids.add(job.id);
      const sample = job.sample ?? 0;
      const body = adaptBody(
        buildRequestBody(job as ChatJob<unknown>, this.model, this.settings),
        this.bodyRules,
      );
      const key = requestKey(this.baseUrl, body, sample);
      keys.push(key);
      if (!unique.has(key)) unique.set(key, { key, sample, body });
    }
    return { keys, unique };
  }

  promptTokens(request: PendingRequest): number {
    request.promptTokens ??= countChatTokens(request.body.messages as ChatJob["messages"], this.model);
    return request.promptTokens;
  }

  /** Worst case of one request for budgets and token limits: prompt + max output. */
  worstCaseTokens(request: PendingRequest): { prompt: number; completion: number } {
    const completion = request.body.max_tokens ?? this.settings.maxTokens ?? 4096;
    return { prompt: this.promptTokens(request), completion };
  }

  async plan<M>(
    jobs: readonly ChatJob<M>[],
    options: Pick<RunOptions<M>, "noCache" | "refresh" | "batch"> = {},
  ): Promise<RunPlan & { pendingBatchRequests: number; notes: string[] }> {
    const { unique } = this.prepare(jobs);
    const notes: string[] = [];
    let cacheHits = 0;
    let pendingBatch = 0;
    const toSend: PendingRequest[] = [];
    const readCache = !options.noCache && !options.refresh;
    const inBatches = readCache ? this.pendingBatchKeys() : new Set<string>();
    for (const request of unique.values()) {
      if (readCache && this.store.get(request.key) !== undefined) cacheHits += 1;
      else if (inBatches.has(request.key)) pendingBatch += 1;
      else toSend.push(request);
    }
    // Cache hits are counted per job (duplicates of one key share an answer).
    const hitJobs = jobs.length - unique.size + cacheHits;
    let promptTokens = 0;
    let expectedCompletion = 0;
    const mean = this.store.meanCompletionTokens(this.baseUrl, this.model);
    const perRequestOutput = this.settings.expectedOutputTokens ?? (mean === null ? null : Math.round(mean));
    for (const request of toSend) {
      promptTokens += this.promptTokens(request);
      const max = request.body.max_tokens;
      const expected = perRequestOutput ?? Math.min(max ?? DEFAULT_EXPECTED_OUTPUT, DEFAULT_EXPECTED_OUTPUT);
      expectedCompletion += max === undefined ? expected : Math.min(expected, max);
    }
    if (perRequestOutput === null && toSend.length > 0) {
      notes.push(
        `expected output assumes ${DEFAULT_EXPECTED_OUTPUT} tokens per answer (no cached answers yet; set expectedOutputTokens in the config)`,
      );
    }
    const usage: TokenUsage = { promptTokens, completionTokens: expectedCompletion };
    const costUsd = costOf(usage, this.price, false);
    const batchCostUsd = costOf(usage, this.price, true);
    if (this.price === null)
      notes.push(`no price known for ${this.model}; add it under "prices" in valens.config.json`);
    if (options.batch && !this.supportsBatch)
      notes.push(`${this.provider} has no Batch API; --batch falls back to normal calls`);
    // Duration at the limits: the slowest of concurrency/latency, requests and tokens per minute.
    const latency = (this.settings.latencyMs ?? DEFAULT_LATENCY_MS) / 1000;
    const concurrency = this.settings.concurrency ?? DEFAULT_CONCURRENCY;
    const rates = [concurrency / latency];
    if (this.settings.rpm) rates.push(this.settings.rpm / 60);
    if (this.settings.tpm && toSend.length > 0) {
      rates.push(this.settings.tpm / 60 / ((promptTokens + expectedCompletion) / toSend.length));
    }
    const durationSeconds = toSend.length === 0 ? 0 : toSend.length / Math.min(...rates);
    return {
      jobs: jobs.length,
      cacheHits: hitJobs,
      requestsToSend: toSend.length,
      promptTokens,
      expectedCompletionTokens: expectedCompletion,
      costUsd,
      batchCostUsd,
      durationSeconds,
      pendingBatchRequests: pendingBatch,
      notes,
    };
  }

  private pendingBatchKeys(): Set<string> {
    const keys = new Set<string>();
    for (const batch of this.store.openBatches(this.baseUrl, this.model)) {
      if (batch.status === "prepared") continue; // nothing was uploaded: it will be redone
      for (const item of this.store.batchItems(batch.groupId)) keys.add(item.key);
    }
    return keys;
  }

  async run<M>(
    jobs: readonly ChatJob<M>[],
    options: RunOptions<M> = {},
  ): Promise<{ results: ChatResult<M>[]; summary: RunSummary }> {
    const started = Date.now();
    const { keys, unique } = this.prepare(jobs);
    const noCache = options.noCache === true;
    const readCache = !noCache && !options.refresh;
    if (options.maxCostUsd !== undefined && this.price === null) {
      throw new InputError(`--max-cost needs a price for ${this.model}, and none is known`, {
        hint: `Add "prices": {"${this.model}": {"input": <USD per 1M>, "output": <USD per 1M>}} to valens.config.json`,
      });
    }
    const indicesByKey = new Map<string, number[]>();
    keys.forEach((key, index) => {
      const list = indicesByKey.get(key);
      if (list) list.push(index);
      else indicesByKey.set(key, [index]);
    });
    const results: (ChatResult<M> | undefined)[] = new Array(jobs.length);
    const servedModels = new Set<string>();
    const fingerprints = new Set<string>();
    const usage: TokenUsage = { promptTokens: 0, completionTokens: 0 };
    let cost: number | null = this.price === null ? null : 0;
    let cacheHits = 0;
    let failures = 0;
    let malformed = 0;
    const expectJson = (job: ChatJob<M>) =>
      options.expectJson ?? job.params?.response_format?.type === "json_object";

    const emit = (key: string, make: (job: ChatJob<M>) => ChatResult<M>) => {
      for (const index of indicesByKey.get(key) ?? []) {
        const job = jobs[index] as ChatJob<M>;
        let result = make(job);
        if (result.ok && expectJson(job)) {
          const parsed = parseLlmAnswer(result.text);
          result = { ...result, answerStatus: parsed.status };
          if (!parsed.ok) malformed += 1;
        }
        results[index] = result;
        options.onResult?.(result);
      }
    };
    const fromStored =
      (stored: StoredResponse, fromCache: boolean) =>
      (job: ChatJob<M>): ChatResult<M> => {
        if (stored.servedModel) servedModels.add(stored.servedModel);
        if (stored.systemFingerprint) fingerprints.add(stored.systemFingerprint);
        return {
          ok: true,
          job,
          text: stored.text,
          fromCache,
          usage: { promptTokens: stored.promptTokens, completionTokens: stored.completionTokens },
          servedModel: stored.servedModel,
          systemFingerprint: stored.systemFingerprint,
          key: stored.key,
          finishReason: stored.finishReason,
        };
      };

    // 1. Cache hits.
    const pending: PendingRequest[] = [];
    for (const request of unique.values()) {
      const stored = readCache ? this.store.get(request.key) : undefined;
      if (stored !== undefined) {
        cacheHits += indicesByKey.get(request.key)?.length ?? 0;
        emit(request.key, fromStored(stored, true));
      } else pending.push(request);
    }

    const progress = new Progress(this.options.progress ?? "auto", this.options.label ?? this.ref, {
      ...(this.options.log ? { write: this.options.log } : {}),
      ...(this.options.progressIntervalMs !== undefined
        ? { intervalMs: this.options.progressIntervalMs }
        : {}),
    });
    progress.start(jobs.length, cacheHits);
    progress.update({ costUsd: cost });

    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) controller.abort(options.signal.reason);
    const budget = new Budget(options.maxCostUsd);
    const stats = { attempts: 0, retries: 0, batchAnswers: 0 };
    const halt = new AbortController();
    this.haltRun = () => halt.abort();
    if (this.storeFailure !== undefined) halt.abort();

    const context: RunContext = {
      client: this,
      progress,
      budget,
      signal: controller.signal,
      halt: halt.signal,
      noCache,
      stats,
      deliver: (request, answer, source) => {
        const stored = storedResponse(
          {
            key: request.key,
            baseUrl: this.baseUrl,
            model: this.model,
            sample: request.sample,
            requestJson: canonicalJson(request.body),
          },
          answer,
          source,
        );
        // Committed before anyone hears of it: a crash right after loses nothing.
        if (!noCache) this.persist(stored);
        if (source === "batch") stats.batchAnswers += 1;
        usage.promptTokens += answer.promptTokens;
        usage.completionTokens += answer.completionTokens;
        const answerCost = costOf(
          { promptTokens: answer.promptTokens, completionTokens: answer.completionTokens },
          this.price,
          source === "batch",
        );
        if (cost !== null && answerCost !== null) cost += answerCost;
        emit(request.key, fromStored(stored, false));
        progress.update({
          costUsd: cost,
          done: progress.snapshot().done + (indicesByKey.get(request.key)?.length ?? 0),
        });
      },
      fail: (request, error) => {
        const count = indicesByKey.get(request.key)?.length ?? 0;
        failures += count;
        emit(request.key, (job) => ({ ok: false, job, error }));
        progress.increment("failures", count);
      },
    };

    let fatal: unknown;
    try {
      let live = pending;
      if (options.batch && pending.length > 0) {
        if (!this.supportsBatch) {
          this.log(
            `valens: ${this.provider} has no Batch API; sending ${pending.length} request(s) as normal calls`,
          );
        } else if (noCache) {
          this.log(
            "valens: --batch needs the store to survive restarts; with --no-cache, sending normal calls",
          );
        } else {
          live = await runBatch(context, pending, readCache);
        }
      }
      if (live.length > 0 && !controller.signal.aborted && !halt.signal.aborted)
        await this.runLive(context, live);
    } catch (error) {
      fatal = error;
    } finally {
      progress.stop();
      options.signal?.removeEventListener("abort", onAbort);
      this.haltRun = undefined;
    }
    const answered = results.filter((r) => r !== undefined).length;
    // Said first whatever else stopped the run: it is where the paid answers are.
    if (this.storeFailure !== undefined)
      fatal = new StoreWriteError(
        this.storePath,
        this.storeFailure,
        this.journal?.answers.length ?? 0,
        this.journal?.file,
      );
    if (fatal === undefined && options.signal?.aborted) fatal = new InterruptedError(answered, jobs.length);
    if (fatal === undefined && budget.stopped) {
      fatal = new BudgetError(budget.spentUsd, options.maxCostUsd ?? 0, jobs.length - answered);
    }
    if (fatal !== undefined) throw fatal;

    const summary: RunSummary = {
      requests: pending.length,
      cacheHits,
      failures,
      usage,
      costUsd: cost,
      servedModels: [...servedModels].sort(),
      systemFingerprints: [...fingerprints].sort(),
      durationMs: Date.now() - started,
      attempts: stats.attempts,
      retries: stats.retries,
      batchAnswers: stats.batchAnswers,
      malformedAnswers: malformed,
    };
    return { results: results as ChatResult<M>[], summary };
  }

  /** Sends requests through the scheduler; the only retry layer. Throws on a permanent error. */
  async runLive(context: RunContext, requests: readonly PendingRequest[]): Promise<void> {
    const { signal, budget, progress, stats } = context;
    let fatal: ValensError | undefined;
    const stopAll = new AbortController();
    const stopSignal = AbortSignal.any([signal, stopAll.signal, context.halt]);
    // Requests waiting out a backoff listen for a stop; many at once is expected, not a leak.
    setMaxListeners(0, stopSignal);
    // In-flight requests get their own controller; one listener aborts them all (a listener per
    // request on a shared signal costs O(n^2): EventTarget checks duplicates linearly).
    const inFlight = new Set<AbortController>();
    const abortInFlight = () => {
      for (const c of inFlight) c.abort(signal.reason);
    };
    signal.addEventListener("abort", abortInFlight, { once: true });
    const needTokens = this.settings.tpm !== undefined || budget.maxUsd !== undefined;

    let answeredAny = false;
    const one = async (request: PendingRequest): Promise<void> => {
      let lastError = "";
      let lastReason = "";
      let timeouts = 0;
      for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
        const worst = needTokens ? this.worstCaseTokens(request) : { prompt: 0, completion: 0 };
        let slot: Awaited<ReturnType<Scheduler["acquire"]>>;
        try {
          slot = await this.scheduler.acquire(worst.prompt + worst.completion, stopSignal);
        } catch {
          return; // stopped
        }
        if (stopSignal.aborted) {
          slot.release({ ok: false });
          return;
        }
        const worstUsd =
          costOf({ promptTokens: worst.prompt, completionTokens: worst.completion }, this.price) ?? 0;
        if (!budget.tryReserve(worstUsd)) {
          slot.release({ ok: false });
          stopAll.abort();
          return;
        }
        stats.attempts += 1;
        const requestController = new AbortController();
        inFlight.add(requestController);
        try {
          const response = await this.openai.chat.completions
            .create({ ...request.body, stream: false } as OpenAI.ChatCompletionCreateParamsNonStreaming, {
              signal: requestController.signal,
            })
            .asResponse();
          const raw = await response.text();
          inFlight.delete(requestController);
          const answer = parseCompletionBody(raw);
          slot.release({
            ok: true,
            headers: response.headers,
            actualTokens: answer.promptTokens + answer.completionTokens,
          });
          budget.settle(worstUsd, costOf(answer, this.price) ?? 0);
          answeredAny = true;
          context.deliver(request, answer, "live");
          return;
        } catch (error) {
          inFlight.delete(requestController);
          slot.release({ ok: false });
          budget.settle(worstUsd, 0);
          const verdict = classifyError(error, this.classifyContext);
          if (verdict.kind === "aborted") return;
          if (verdict.kind === "permanent") {
            fatal ??= verdict.error;
            stopAll.abort();
            return;
          }
          if (verdict.rateLimited) this.scheduler.onRateLimited(verdict.retryAfterMs, verdict.headers);
          lastError = verdict.reason === "429" ? "rate limited (429)" : verdict.reason;
          lastReason = verdict.reason;
          if (verdict.reason === "timeout") timeouts += 1;
          if (attempt === this.retry.maxAttempts || timeouts >= this.maxTimeouts) break;
          stats.retries += 1;
          progress.update({ retries: stats.retries, note: `retrying: ${lastError}` });
          const wait =
            verdict.retryAfterMs !== undefined
              ? Math.min(verdict.retryAfterMs, this.retry.maxRetryAfterMs) + Math.random() * 50
              : backoffDelay(attempt, this.retry);
          try {
            await sleepOn(this.clock, wait, stopSignal);
          } catch {
            return;
          }
        }
      }
      if (stopSignal.aborted) return;
      // Not one answer and the network failing: the host is unreachable, not refusing.
      if (!answeredAny && isNetworkReason(lastReason)) {
        fatal ??= new NetworkError(
          this.baseUrl,
          `${lastReason === "timeout" ? `no answer within ${Math.round(this.timeoutMs / 1000)} s` : lastReason} on every attempt`,
          {
            hint: "Check the base URL and that the server is running (raise --timeout for a slow model); answers received so far are saved",
          },
        );
        stopAll.abort();
        return;
      }
      context.fail(request, `no answer after ${this.retry.maxAttempts} attempts (last: ${lastError})`);
    };

    try {
      await Promise.all(requests.map((request) => one(request)));
    } finally {
      signal.removeEventListener("abort", abortInFlight);
    }
    if (fatal) throw fatal;
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    const out: number[][] = [];
    const chunk = 256;
    for (let start = 0; start < texts.length; start += chunk) {
      const input = texts.slice(start, start + chunk);
      const body = { model: this.model, input };
      const key = embeddingKey(this.baseUrl, this.model, input);
      const stored = this.store.get(key);
      if (stored) {
        out.push(...(JSON.parse(stored.text) as number[][]));
        continue;
      }
      for (let attempt = 1; ; attempt++) {
        const slot = await this.scheduler.acquire(0);
        try {
          const response = await this.openai.embeddings.create(body);
          slot.release({ ok: true });
          const vectors = [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
          this.persist({
            key,
            baseUrl: this.baseUrl,
            model: this.model,
            sample: 0,
            requestJson: canonicalJson({ endpoint: "embeddings", ...body }),
            text: JSON.stringify(vectors),
            promptTokens: response.usage?.prompt_tokens ?? 0,
            completionTokens: 0,
            servedModel: response.model ?? null,
            systemFingerprint: null,
            finishReason: null,
            source: "live",
            createdAt: Date.now(),
          });
          out.push(...vectors);
          break;
        } catch (error) {
          slot.release({ ok: false });
          const verdict = classifyError(error, this.classifyContext);
          if (verdict.kind === "permanent") throw verdict.error;
          if (verdict.kind === "aborted" || attempt >= this.retry.maxAttempts) {
            throw new ProviderError(
              `Embeddings failed after ${attempt} attempt(s) at ${this.baseUrl}`,
              undefined,
            );
          }
          if (verdict.rateLimited) this.scheduler.onRateLimited(verdict.retryAfterMs, verdict.headers);
          await sleepOn(this.clock, verdict.retryAfterMs ?? backoffDelay(attempt, this.retry));
        }
      }
    }
    return out;
  }

  async close(): Promise<void> {
    this.transport.close();
    this.storeInstance?.close();
    this.storeInstance = null;
  }
}

/**
 * Creates a client for "provider:model". Checks the provider and the API key before any
 * request: an unknown provider or a missing key is an InputError naming what to set.
 */
export function createModelClient(ref: string, options: CreateModelClientOptions = {}): OpenAIModelClient {
  const config =
    typeof options.config === "string"
      ? loadConfig(options.config)
      : options.config === undefined
        ? loadConfig()
        : parseConfig(options.config);
  const resolved = resolveModel(ref, {
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    env: options.env ?? process.env,
    config,
  });
  return new OpenAIModelClient(resolved, config, options);
}
