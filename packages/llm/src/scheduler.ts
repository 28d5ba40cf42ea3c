import { type Clock, type ClockTimer, systemClock } from "./clock.js";
import { readRateLimits } from "./rate-headers.js";

export interface SchedulerLimits {
  /** Most requests in flight at once. */
  concurrency: number;
  /** Requests per minute; undefined = unlimited until the server says otherwise. */
  rpm?: number | undefined;
  /** Tokens per minute (prompt + max output, as providers count them). */
  tpm?: number | undefined;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on a server-requested wait (retry-after). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 10 * 60_000,
};

/** Capped exponential backoff with full jitter over its upper half. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

/** A continuously refilling token bucket. */
class Bucket {
  private tokens: number;
  private last: number;
  constructor(
    public ratePerMs: number,
    public capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }
  refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.ratePerMs);
    this.last = now;
  }
  /** ms until `n` tokens are available (0 = now). A request larger than the bucket waits for a full one. */
  waitFor(n: number, now: number): number {
    this.refill(now);
    const need = Math.min(n, this.capacity);
    return this.tokens >= need ? 0 : (need - this.tokens) / this.ratePerMs;
  }
  limitTo(n: number, now: number): void {
    this.refill(now);
    this.tokens = Math.min(this.tokens, Math.max(0, n));
  }
  take(n: number): void {
    this.tokens -= n;
  }
  /** Corrects an estimate afterwards; may go into debt. */
  adjust(delta: number): void {
    this.tokens -= delta;
  }
  setRate(perMinute: number): void {
    this.ratePerMs = perMinute / 60_000;
    // Half a second of burst: catches up after stalls yet stays inside servers that enforce
    // per-second slices of the limit (OpenAI does), with room for network jitter.
    this.capacity = Math.max(1, perMinute / 120);
    this.tokens = Math.min(this.tokens, this.capacity);
  }
}

interface Waiter {
  tokens: number;
  resolve: (slot: Slot) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
}

export interface Slot {
  /** Gives the slot back; `headers` of a successful answer feed the rate-limit state. */
  release(
    outcome: { ok: true; headers?: Pick<Headers, "get"> | undefined; actualTokens?: number } | { ok: false },
  ): void;
}

export interface SchedulerStats {
  inFlight: number;
  queued: number;
  /** Current throttle factor in (0, 1]: 1 = full configured speed. */
  factor: number;
  effectiveConcurrency: number;
  effectiveRpm: number | null;
  pausedForMs: number;
  rateLimited: number;
}

/**
 * Admission control for one (base URL, model): a concurrency limit and request/token budgets,
 * with adaptive throttling. A 429 pauses dispatch for the server's retry-after and lowers the
 * speed (multiplicative decrease); clean answers climb it back (additive increase).
 */
export class Scheduler {
  private readonly limits: SchedulerLimits;
  private inFlight = 0;
  private readonly queue: Waiter[] = [];
  private requestBucket: Bucket | null = null;
  private tokenBucket: Bucket | null = null;
  private factor = 1;
  private pausedUntil = 0;
  private lastDecrease = 0;
  private lastIncrease = 0;
  private learnedRpm: number | null = null;
  private learnedTpm: number | null = null;
  private timer: ClockTimer | null = null;
  private rateLimitedCount = 0;
  private readonly recentStarts: number[] = [];
  private readonly watched = new WeakSet<AbortSignal>();

  constructor(
    limits: SchedulerLimits,
    private readonly clock: Clock = systemClock,
  ) {
    this.limits = { ...limits };
    this.applyRates();
  }

  /** Waits for a slot: concurrency, pause, request and token budgets. */
  acquire(tokens: number, signal?: AbortSignal): Promise<Slot> {
    return new Promise<Slot>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const waiter: Waiter = { tokens, resolve, reject, signal };
      if (signal && !this.watched.has(signal)) {
        // One listener per signal, not per waiter: EventTarget checks duplicates linearly.
        this.watched.add(signal);
        signal.addEventListener("abort", () => this.dropWaiters(signal), { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  private dropWaiters(signal: AbortSignal): void {
    const dropped = this.queue.filter((w) => w.signal === signal);
    if (dropped.length === 0) return;
    this.queue.splice(0, this.queue.length, ...this.queue.filter((w) => w.signal !== signal));
    for (const waiter of dropped) waiter.reject(signal.reason);
    this.pump();
  }

  /** Server said "slow down": pause everyone and lower the speed (once per burst of 429s). */
  onRateLimited(waitMs: number | undefined, headers?: Pick<Headers, "get">): void {
    const now = this.clock.now();
    this.rateLimitedCount += 1;
    this.learnFromHeaders(headers);
    if (waitMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
    if (now - this.lastDecrease > Math.max(1000, waitMs ?? 0)) {
      this.lastDecrease = now;
      const known = this.effectiveRpmLimit() !== null;
      if (!known) {
        // No known limit: start from what we actually achieved over the last seconds.
        const window = 10_000;
        const started = this.recentStarts.filter((t) => now - t <= window).length;
        if (started > 0)
          this.learnedRpm = Math.max(
            1,
            (started / Math.min(window, now - (this.recentStarts[0] ?? now) || 1)) * 60_000,
          );
      }
      // Pacing at a known limit only overshoots by jitter: a small step is enough.
      this.factor = Math.max(0.05, this.factor * (known ? 0.9 : 0.7));
      this.applyRates();
    }
    this.pump();
  }

  stats(): SchedulerStats {
    const rpm = this.effectiveRpmLimit();
    return {
      inFlight: this.inFlight,
      queued: this.queue.length,
      factor: this.factor,
      effectiveConcurrency: this.effectiveConcurrency(),
      effectiveRpm: rpm === null ? null : rpm * this.factor,
      pausedForMs: Math.max(0, this.pausedUntil - this.clock.now()),
      rateLimited: this.rateLimitedCount,
    };
  }

  private effectiveRpmLimit(): number | null {
    const values = [this.limits.rpm, this.learnedRpm].filter((v): v is number => typeof v === "number");
    return values.length === 0 ? null : Math.min(...values);
  }

  private effectiveTpmLimit(): number | null {
    const values = [this.limits.tpm, this.learnedTpm].filter((v): v is number => typeof v === "number");
    return values.length === 0 ? null : Math.min(...values);
  }

  private effectiveConcurrency(): number {
    return Math.max(1, Math.floor(this.limits.concurrency * this.factor));
  }

  private applyRates(): void {
    const now = this.clock.now();
    const rpm = this.effectiveRpmLimit();
    if (rpm === null) this.requestBucket = null;
    else {
      this.requestBucket ??= new Bucket(0, 1, now);
      this.requestBucket.setRate(rpm * this.factor);
    }
    const tpm = this.effectiveTpmLimit();
    if (tpm === null) this.tokenBucket = null;
    else {
      this.tokenBucket ??= new Bucket(0, 1, now);
      this.tokenBucket.setRate(tpm * this.factor);
    }
  }

  private learnFromHeaders(headers: Pick<Headers, "get"> | undefined): void {
    if (!headers) return;
    const info = readRateLimits(headers);
    const now = this.clock.now();
    let changed = false;
    const firstRequestLimit = this.learnedRpm === null;
    if (
      info.limitRequests !== undefined &&
      info.limitRequests > 0 &&
      info.limitRequests !== this.learnedRpm
    ) {
      this.learnedRpm = info.limitRequests;
      changed = true;
    }
    if (info.limitTokens !== undefined && info.limitTokens > 0 && info.limitTokens !== this.learnedTpm) {
      this.learnedTpm = info.limitTokens;
      changed = true;
    }
    if (changed) {
      this.applyRates();
      // Start from what the server has left, not a full bucket, so the first second does not overshoot.
      if (firstRequestLimit && info.remainingRequests !== undefined)
        this.requestBucket?.limitTo(info.remainingRequests, now);
    }
    // With a known limit the buckets already pace us; "remaining 0" alone only matters without one.
    if (
      info.remainingRequests === 0 &&
      info.limitRequests === undefined &&
      info.resetRequestsMs !== undefined
    ) {
      this.pausedUntil = Math.max(this.pausedUntil, now + info.resetRequestsMs);
    }
    if (info.remainingTokens === 0 && info.limitTokens === undefined && info.resetTokensMs !== undefined) {
      this.pausedUntil = Math.max(this.pausedUntil, now + info.resetTokensMs);
    }
  }

  private release(tokens: number, outcome: Parameters<Slot["release"]>[0]): void {
    this.inFlight -= 1;
    if (outcome.ok) {
      this.learnFromHeaders(outcome.headers);
      if (outcome.actualTokens !== undefined && this.tokenBucket)
        this.tokenBucket.adjust(outcome.actualTokens - tokens);
      const now = this.clock.now();
      // Climb back gradually once answers have been clean for a while.
      if (this.factor < 1 && now - this.lastDecrease > 3_000 && now - this.lastIncrease > 1_000) {
        this.lastIncrease = now;
        this.factor = Math.min(1, this.factor + 0.05);
        this.applyRates();
      }
    }
    this.pump();
  }

  private pump(): void {
    if (this.timer !== null) {
      this.timer.cancel();
      this.timer = null;
    }
    while (this.queue.length > 0) {
      const now = this.clock.now();
      if (this.inFlight >= this.effectiveConcurrency()) return; // a release pumps again
      let wait = Math.max(0, this.pausedUntil - now);
      const head = this.queue[0] as Waiter;
      if (wait === 0 && this.requestBucket) wait = this.requestBucket.waitFor(1, now);
      if (wait === 0 && this.tokenBucket) wait = this.tokenBucket.waitFor(head.tokens, now);
      if (wait > 0) {
        this.timer = this.clock.setTimer(() => this.pump(), Math.max(1, Math.ceil(wait)));
        return;
      }
      this.queue.shift();
      this.requestBucket?.take(1);
      this.tokenBucket?.take(head.tokens);
      this.inFlight += 1;
      this.recentStarts.push(now);
      if (this.recentStarts.length > 4096) this.recentStarts.splice(0, 2048);
      let released = false;
      head.resolve({
        release: (outcome) => {
          if (released) return;
          released = true;
          this.release(head.tokens, outcome);
        },
      });
    }
  }
}
