import {
  type ChatJob,
  type ChatResult,
  InputError,
  parseLlmAnswer,
  type RunOptions,
  type RunSummary,
  type TokenUsage,
} from "@valens/core";
import { runBatch } from "./batch-runner.js";
import { Budget } from "./budget.js";
import type { OpenAIModelClient, PendingRequest } from "./client.js";
import type { ParsedCompletion } from "./completion.js";
import { BudgetError, InterruptedError } from "./errors.js";
import { sendLive } from "./live-sender.js";
import { costOf } from "./prices.js";
import { ProgressTracker } from "./progress-events.js";
import { canonicalJson } from "./request.js";
import { type StoredResponse, storedResponse } from "./store.js";

/** Everything a run shares while it executes (the batch runner and the live sender see this). */
export interface RunContext {
  readonly client: OpenAIModelClient;
  readonly progress: ProgressTracker;
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

/**
 * One call of `run`: maps answers (by request key) back to the jobs that asked, counts usage,
 * cost and failures, and decides how the run ended.
 */
class RunSession<M> implements RunContext {
  readonly progress: ProgressTracker;
  readonly budget: Budget;
  readonly noCache: boolean;
  readonly stats = { attempts: 0, retries: 0, batchAnswers: 0 };
  private readonly controller = new AbortController();
  private readonly haltController = new AbortController();
  private readonly results: (ChatResult<M> | undefined)[];
  private readonly indicesByKey = new Map<string, number[]>();
  private readonly servedModels = new Set<string>();
  private readonly fingerprints = new Set<string>();
  private readonly usage: TokenUsage = { promptTokens: 0, completionTokens: 0 };
  private cost: number | null;
  private cacheHits = 0;
  private failures = 0;
  private malformed = 0;
  private readonly started = Date.now();
  private readonly detach: (() => void)[] = [];

  constructor(
    readonly client: OpenAIModelClient,
    private readonly jobs: readonly ChatJob<M>[],
    keys: readonly string[],
    private readonly options: RunOptions<M>,
  ) {
    this.noCache = options.noCache === true;
    this.results = new Array(jobs.length);
    keys.forEach((key, index) => {
      const list = this.indicesByKey.get(key);
      if (list) list.push(index);
      else this.indicesByKey.set(key, [index]);
    });
    this.cost = client.price === null ? null : 0;
    this.budget = new Budget(options.maxCostUsd);
    this.progress = new ProgressTracker(client.ref, client.onProgress);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get halt(): AbortSignal {
    return this.haltController.signal;
  }

  /** Hands out the answers already in the store; returns the requests still to ask. */
  serveCached(requests: Iterable<PendingRequest>, readCache: boolean): PendingRequest[] {
    const pending: PendingRequest[] = [];
    for (const request of requests) {
      const stored = readCache ? this.client.store.get(request.key) : undefined;
      if (stored !== undefined) {
        this.cacheHits += this.jobCount(request.key);
        this.emit(request.key, this.fromStored(stored, true));
      } else pending.push(request);
    }
    return pending;
  }

  /** Starts reporting progress and listening for the caller's abort and a store failure. */
  begin(): void {
    this.progress.start(this.jobs.length, this.cacheHits);
    this.progress.update({ costUsd: this.cost });
    const outer = this.options.signal;
    if (outer) {
      const onAbort = () => this.controller.abort(outer.reason);
      outer.addEventListener("abort", onAbort, { once: true });
      if (outer.aborted) this.controller.abort(outer.reason);
      this.detach.push(() => outer.removeEventListener("abort", onAbort));
    }
    this.detach.push(this.client.committer.haltOnFailure(() => this.haltController.abort()));
  }

  end(): void {
    this.progress.stop();
    for (const undo of this.detach.splice(0)) undo();
  }

  deliver(request: PendingRequest, answer: ParsedCompletion, source: "live" | "batch"): void {
    const { client } = this;
    const stored = storedResponse(
      {
        key: request.key,
        baseUrl: client.baseUrl,
        model: client.model,
        sample: request.sample,
        requestJson: canonicalJson(request.body),
      },
      answer,
      source,
    );
    // Committed before anyone hears of it: a crash right after loses nothing.
    if (!this.noCache) client.persist(stored);
    if (source === "batch") this.stats.batchAnswers += 1;
    this.usage.promptTokens += answer.promptTokens;
    this.usage.completionTokens += answer.completionTokens;
    const answerCost = costOf(answer, client.price, source === "batch");
    if (this.cost !== null && answerCost !== null) this.cost += answerCost;
    this.emit(request.key, this.fromStored(stored, false));
    this.progress.update({
      costUsd: this.cost,
      done: this.progress.snapshot().done + this.jobCount(request.key),
    });
  }

  fail(request: PendingRequest, error: string): void {
    const count = this.jobCount(request.key);
    this.failures += count;
    this.emit(request.key, (job) => ({ ok: false, job, error }));
    this.progress.increment("failures", count);
  }

  /** The run's results and summary, or the error that ended it (`fatal`, or one found here). */
  outcome(fatal: unknown, requests: number): { results: ChatResult<M>[]; summary: RunSummary } {
    const { jobs, options, budget } = this;
    const answered = this.results.filter((r) => r !== undefined).length;
    // Said first whatever else stopped the run: it is where the paid answers are.
    const error =
      this.client.committer.error() ??
      fatal ??
      (options.signal?.aborted ? new InterruptedError(answered, jobs.length) : undefined) ??
      (budget.stopped
        ? new BudgetError(budget.spentUsd, options.maxCostUsd ?? 0, jobs.length - answered)
        : undefined);
    if (error !== undefined) throw error;
    const summary: RunSummary = {
      requests,
      cacheHits: this.cacheHits,
      failures: this.failures,
      usage: this.usage,
      costUsd: this.cost,
      servedModels: [...this.servedModels].sort(),
      systemFingerprints: [...this.fingerprints].sort(),
      durationMs: Date.now() - this.started,
      attempts: this.stats.attempts,
      retries: this.stats.retries,
      batchAnswers: this.stats.batchAnswers,
      malformedAnswers: this.malformed,
    };
    return { results: this.results as ChatResult<M>[], summary };
  }

  private jobCount(key: string): number {
    return this.indicesByKey.get(key)?.length ?? 0;
  }

  private emit(key: string, make: (job: ChatJob<M>) => ChatResult<M>): void {
    for (const index of this.indicesByKey.get(key) ?? []) {
      const job = this.jobs[index] as ChatJob<M>;
      let result = make(job);
      if (result.ok && (this.options.expectJson ?? job.params?.response_format?.type === "json_object")) {
        const parsed = parseLlmAnswer(result.text);
        result = { ...result, answerStatus: parsed.status };
        if (!parsed.ok) this.malformed += 1;
      }
      this.results[index] = result;
      this.options.onResult?.(result);
    }
  }

  private fromStored(stored: StoredResponse, fromCache: boolean) {
    return (job: ChatJob<M>): ChatResult<M> => {
      if (stored.servedModel) this.servedModels.add(stored.servedModel);
      if (stored.systemFingerprint) this.fingerprints.add(stored.systemFingerprint);
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
  }
}

/** `client.run`: cached answers first, then the Batch API when asked for, then live calls. */
export async function runJobs<M>(
  client: OpenAIModelClient,
  jobs: readonly ChatJob<M>[],
  options: RunOptions<M>,
): Promise<{ results: ChatResult<M>[]; summary: RunSummary }> {
  const { keys, unique } = client.prepare(jobs);
  const readCache = options.noCache !== true && !options.refresh;
  if (options.maxCostUsd !== undefined && client.price === null) {
    throw new InputError(`--max-cost needs a price for ${client.model}, and none is known`, {
      hint: `Add "prices": {"${client.model}": {"input": <USD per 1M>, "output": <USD per 1M>}} to valens.config.json`,
    });
  }
  const session = new RunSession(client, jobs, keys, options);
  const pending = session.serveCached(unique.values(), readCache);
  session.begin();
  let fatal: unknown;
  try {
    const live = options.batch ? await sendBatch(session, pending, readCache) : pending;
    if (live.length > 0 && !session.signal.aborted && !session.halt.aborted) await sendLive(session, live);
  } catch (error) {
    fatal = error;
  } finally {
    session.end();
  }
  return session.outcome(fatal, pending.length);
}

/** Sends through the Batch API where it can; returns what is left for live calls. */
async function sendBatch(
  session: RunContext,
  pending: PendingRequest[],
  readCache: boolean,
): Promise<PendingRequest[]> {
  const { client } = session;
  if (pending.length === 0) return pending;
  if (!client.supportsBatch) {
    client.log(
      `valens: ${client.provider} has no Batch API; sending ${pending.length} request(s) as normal calls`,
    );
    return pending;
  }
  if (session.noCache) {
    client.log("valens: --batch needs the store to survive restarts; with --no-cache, sending normal calls");
    return pending;
  }
  return runBatch(session, pending, readCache);
}
