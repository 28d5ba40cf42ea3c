import {
  type ChatJob,
  type ChatResult,
  InputError,
  type ModelClient,
  type RunOptions,
  type RunSummary,
} from "@valens/core";
import OpenAI, { AzureOpenAI } from "openai";
import { AnswerCommitter } from "./answer-committer.js";
import { type BatchLimits, DEFAULT_BATCH_LIMITS } from "./batch-runner.js";
import { adaptBody, type BodyRules } from "./body-rules.js";
import type { ClassifyContext } from "./classify.js";
import { type CreateModelClientOptions, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from "./client-options.js";
import { type Clock, systemClock } from "./clock.js";
import {
  loadConfig,
  type ModelSettings,
  type Price,
  parseConfig,
  settingsFor,
  type ValensConfig,
} from "./config.js";
import { embedTexts } from "./embed.js";
import { createKeepAliveFetch, type KeepAliveFetch } from "./keep-alive-fetch.js";
import { PendingJournal } from "./pending-journal.js";
import { type DetailedPlan, type PlanOptions, planRun } from "./plan.js";
import { priceFor } from "./prices.js";
import type { ProgressListener } from "./progress-events.js";
import { type ResolvedModel, resolveModel } from "./providers.js";
import { buildRequestBody, type ChatRequestBody, requestKey } from "./request.js";
import { type RetryLoopOptions, type RetryOutcome, withRetries } from "./retry-loop.js";
import { DEFAULT_RETRY, type RetryPolicy, Scheduler } from "./scheduler.js";
import { runJobs } from "./session.js";
import { defaultStorePath, ResponseStore, type StoredResponse } from "./store.js";
import { countChatTokens } from "./tokens.js";

export type { CreateModelClientOptions } from "./client-options.js";

/** One request of a run, deduplicated by key. */
export interface PendingRequest {
  key: string;
  sample: number;
  body: ChatRequestBody;
  /** Prompt tokens by the tokenizer, computed lazily. */
  promptTokens?: number;
}

/** Attempts and timeouts per request: explicit settings win over the defaults. */
function retryLimits(settings: ModelSettings, options: CreateModelClientOptions) {
  const retry: RetryPolicy = {
    ...DEFAULT_RETRY,
    ...(settings.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
    ...options.retry,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
  };
  // A server that never answers costs a full timeout per attempt: unless the attempts were set
  // explicitly, three timeouts end a request, so a dead endpoint fails within a few minutes.
  const explicit = options.maxAttempts !== undefined || settings.maxAttempts !== undefined;
  return { retry, maxTimeouts: explicit ? retry.maxAttempts : Math.min(3, retry.maxAttempts) };
}

function openAIFor(resolved: ResolvedModel, transport: KeepAliveFetch, timeoutMs: number): OpenAI {
  const common = {
    // One retry layer: ours. The SDK's own retries would hide 429s from the scheduler.
    maxRetries: 0,
    fetch: transport.fetch,
    timeout: timeoutMs,
    defaultHeaders: resolved.headers,
  };
  return resolved.azure
    ? new AzureOpenAI({
        ...common,
        apiKey: resolved.apiKey ?? "",
        endpoint: resolved.azure.endpoint,
        deployment: resolved.azure.deployment,
        apiVersion: resolved.azure.apiVersion,
      })
    : new OpenAI({ ...common, apiKey: resolved.apiKey ?? "not-needed", baseURL: resolved.baseUrl });
}

/**
 * The OpenAI-compatible client: resolves the model, owns the store, scheduler and transport.
 * A run's work lives in session.ts (results, progress, outcome), live-sender.ts (normal calls),
 * batch-runner.ts (Batch API) and plan.ts (--dry-run).
 */
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
  /** Attempts of one request that may time out before it is given up. */
  readonly maxTimeouts: number;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly batchLimits: BatchLimits;
  readonly classifyContext: ClassifyContext;
  readonly onProgress: ProgressListener | undefined;
  private storeInstance: ResponseStore | null = null;
  /** The response store's file. */
  readonly storePath: string;
  /** Where answers are committed, with the journal for when the store fails. */
  readonly committer: AnswerCommitter;
  private readonly writeLog: (line: string) => void;

  constructor(resolved: ResolvedModel, config: ValensConfig, options: CreateModelClientOptions) {
    this.ref = resolved.ref;
    this.model = resolved.model;
    this.baseUrl = resolved.baseUrl;
    this.provider = resolved.provider;
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
    ({ retry: this.retry, maxTimeouts: this.maxTimeouts } = retryLimits(this.settings, options));
    this.batchLimits = { ...DEFAULT_BATCH_LIMITS, ...options.batch };
    this.storePath = options.storePath ?? defaultStorePath(options.env ?? process.env);
    this.committer = new AnswerCommitter(this.storePath, () => options.answerWriter ?? this.store);
    this.classifyContext = {
      baseUrl: resolved.baseUrl,
      model: resolved.model,
      apiKeyEnv: resolved.apiKeyEnv,
      secrets: [resolved.apiKey],
    };
    this.timeoutMs = options.timeoutMs ?? this.settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const concurrency = this.settings.concurrency ?? DEFAULT_CONCURRENCY;
    this.transport = createKeepAliveFetch(Math.max(concurrency, 1));
    this.openai = openAIFor(resolved, this.transport, this.timeoutMs);
    this.clock = options.clock ?? systemClock;
    this.scheduler = new Scheduler(
      { concurrency, rpm: this.settings.rpm, tpm: this.settings.tpm },
      this.clock,
    );
    this.onProgress = options.onProgress;
    this.writeLog = options.log ?? ((text: string) => process.stderr.write(`${text}\n`));
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

  /** Commits an answer; see AnswerCommitter for what happens when the store fails. */
  persist(response: StoredResponse): void {
    this.committer.put(response);
  }

  log(line: string): void {
    this.writeLog(line);
  }

  /** The client's retry loop, with its policy, clock and error classification. */
  retrying<T>(
    options: Omit<RetryLoopOptions<T>, "policy" | "clock" | "classifyContext">,
  ): Promise<RetryOutcome<T>> {
    return withRetries({
      policy: this.retry,
      clock: this.clock,
      classifyContext: this.classifyContext,
      ...options,
    });
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

  async plan<M>(jobs: readonly ChatJob<M>[], options: PlanOptions<M> = {}): Promise<DetailedPlan> {
    return planRun(this, jobs, options);
  }

  run<M>(
    jobs: readonly ChatJob<M>[],
    options: RunOptions<M> = {},
  ): Promise<{ results: ChatResult<M>[]; summary: RunSummary }> {
    return runJobs(this, jobs, options);
  }

  embed(texts: readonly string[]): Promise<number[][]> {
    return embedTexts(this, texts);
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
