/**
 * Requests-per-minute limit as a token bucket: `rpm / 60` tokens per second, holding at most
 * `burst` tokens (default one second's worth, as OpenAI quantises its limits to shorter
 * periods). The bucket starts full. A rejected request takes no token.
 */
export interface RateDecision {
  ok: boolean;
  /** Tokens left after this request (floored). */
  remaining: number;
  /** Milliseconds until the bucket is full again. */
  resetMs: number;
  /** Milliseconds until one token is available (0 when ok). */
  retryAfterMs: number;
}

export class TokenBucket {
  readonly rpm: number;
  readonly burst: number;
  private readonly perMs: number;
  private tokens: number;
  private last: number;

  constructor(rpm: number, burst: number | undefined, now: number) {
    this.rpm = rpm;
    this.burst = Math.max(1, burst ?? Math.ceil(rpm / 60));
    this.perMs = rpm / 60_000;
    this.tokens = this.burst;
    this.last = now;
  }

  take(now: number): RateDecision {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.perMs);
      this.last = now;
    }
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return {
        ok: true,
        remaining: Math.floor(this.tokens),
        resetMs: Math.ceil((this.burst - this.tokens) / this.perMs),
        retryAfterMs: 0,
      };
    }
    return {
      ok: false,
      remaining: 0,
      resetMs: Math.ceil((this.burst - this.tokens) / this.perMs),
      retryAfterMs: Math.max(1, Math.ceil((1 - this.tokens) / this.perMs)),
    };
  }
}

/** OpenAI's duration style for x-ratelimit-reset-*: "20ms", "1.5s", "6m0s". */
export function formatResetDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${Number((seconds - minutes * 60).toFixed(3))}s`;
}
