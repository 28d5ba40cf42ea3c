import type { ValensError } from "@valens/core";
import { type Classified, type ClassifyContext, classifyError } from "./classify.js";
import { type Clock, sleepOn } from "./clock.js";
import { backoffDelay, type RetryPolicy, type Scheduler } from "./scheduler.js";

/** What an attempt returns when it could not start (the run stopped, the budget is spent). */
export const STOPPED: unique symbol = Symbol("stopped");

export interface RetryLoopOptions<T> {
  policy: RetryPolicy;
  clock: Clock;
  classifyContext: ClassifyContext;
  /** Told of every 429, so that all requests slow down, not only the one refused. */
  scheduler?: Pick<Scheduler, "onRateLimited">;
  /** Attempts that may time out before the loop gives up (default: every attempt). */
  maxTimeouts?: number;
  /** Ends a wait between attempts early (the outcome is then "stopped"). */
  signal?: AbortSignal;
  /** One attempt: the value, or STOPPED when it could not start; throws what went wrong. */
  attempt(attempt: number): Promise<T | typeof STOPPED>;
  /** Called before each wait, with the failure as a person would say it. */
  onRetry?(reason: string): void;
  /**
   * Called with the outcome as the loop ends, in the same tick as the last attempt's failure:
   * a permanent error must stop the other requests before one of them takes the freed slot.
   */
  onEnd?(outcome: RetryOutcome<T>): void;
  /**
   * Called after a failed attempt has been judged (after onEnd when it ends the loop): what the
   * attempt held (a scheduler slot) is freed only once a permanent error has stopped the rest.
   */
  afterFailure?(): void;
}

export type RetryOutcome<T> =
  | { kind: "ok"; value: T }
  /** `error` is the abort the attempt threw, when it was one. */
  | { kind: "stopped"; attempts: number; error?: unknown }
  | { kind: "permanent"; error: ValensError }
  /** `reason` is the classifier's ("timeout", "ECONNRESET", "429"...), `lastError` the readable one. */
  | { kind: "exhausted"; attempts: number; reason: string; lastError: string };

type Transient = Extract<Classified, { kind: "transient" }>;

/** The wait before the next attempt: the server's retry-after (capped, jittered) or backoff. */
function retryWait(verdict: Transient, attempt: number, policy: RetryPolicy): number {
  return verdict.retryAfterMs !== undefined
    ? Math.min(verdict.retryAfterMs, policy.maxRetryAfterMs) + Math.random() * 50
    : backoffDelay(attempt, policy);
}

/**
 * The one retry loop of the client (chat requests, embeddings, batch management): transient
 * failures wait and try again, permanent ones and aborts end the loop at once. Time comes from
 * the injected clock, so tests step over every wait.
 */
export async function withRetries<T>(options: RetryLoopOptions<T>): Promise<RetryOutcome<T>> {
  const end = (outcome: RetryOutcome<T>) => {
    options.onEnd?.(outcome);
    return outcome;
  };
  const { policy, signal } = options;
  const maxTimeouts = options.maxTimeouts ?? policy.maxAttempts;
  let timeouts = 0;
  /** The outcome when this failure ends the loop, else the wait (ms) before the next attempt. */
  const judge = (verdict: Classified, attempt: number, error: unknown): RetryOutcome<T> | number => {
    if (verdict.kind === "aborted") return { kind: "stopped", attempts: attempt, error };
    if (verdict.kind === "permanent") return { kind: "permanent", error: verdict.error };
    if (verdict.rateLimited) options.scheduler?.onRateLimited(verdict.retryAfterMs, verdict.headers);
    const lastError = verdict.reason === "429" ? "rate limited (429)" : verdict.reason;
    if (verdict.reason === "timeout") timeouts += 1;
    if (attempt >= policy.maxAttempts || timeouts >= maxTimeouts)
      return { kind: "exhausted", attempts: attempt, reason: verdict.reason, lastError };
    options.onRetry?.(lastError);
    return retryWait(verdict, attempt, policy);
  };
  for (let attempt = 1; ; attempt++) {
    let value: T | typeof STOPPED;
    try {
      value = await options.attempt(attempt);
    } catch (error) {
      const next = judge(classifyError(error, options.classifyContext), attempt, error);
      if (typeof next !== "number") end(next);
      options.afterFailure?.();
      if (typeof next !== "number") return next;
      try {
        await sleepOn(options.clock, next, signal);
      } catch {
        return end({ kind: "stopped", attempts: attempt });
      }
      continue;
    }
    return end(value === STOPPED ? { kind: "stopped", attempts: attempt } : { kind: "ok", value });
  }
}
