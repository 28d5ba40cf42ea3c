/** A cancellable pending timer. */
export interface ClockTimer {
  cancel(): void;
}

/**
 * Time as the scheduler, the client's retry waits and the mock server see it. Injected so tests
 * can step time instead of waiting on the wall clock.
 */
export interface Clock {
  /** Milliseconds, monotonic enough for pacing. */
  now(): number;
  /** Runs `fn` once `ms` have passed on this clock. */
  setTimer(fn: () => void, ms: number): ClockTimer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};

/** Waits `ms` on `clock`; rejects with the signal's reason when it aborts first. */
export function sleepOn(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      timer.cancel();
      reject(signal?.reason);
    };
    const timer = clock.setTimer(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

interface Pending {
  at: number;
  seq: number;
  fn: () => unknown;
  cancelled: boolean;
}

/**
 * A clock that moves only when told to. `advance` runs due timers in time order, awaiting any
 * promise they return, so asynchronous work triggered by a timer has finished when it resolves.
 */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly pending: Pending[] = [];

  /** Starts far from 0 so "long ago" sentinels (0) in the code under test stay long ago. */
  constructor(start = 1_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(fn: () => unknown, ms: number): ClockTimer {
    const entry: Pending = { at: this.time + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => (entry.cancelled = true) };
  }

  /** Timers not yet fired or cancelled. */
  get timers(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }

  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    const settle = () => new Promise<void>((r) => setImmediate(r));
    await settle();
    for (;;) {
      const due = this.pending
        .filter((p) => !p.cancelled && p.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.pending.splice(this.pending.indexOf(due), 1);
      this.time = Math.max(this.time, due.at);
      await due.fn();
      // Let promise chains the timer started (e.g. a resolved sleep) run before the next one.
      await settle();
    }
    for (let i = this.pending.length - 1; i >= 0; i--)
      if (this.pending[i]?.cancelled) this.pending.splice(i, 1);
    this.time = target;
  }
}

/**
 * A clock that jumps forward instead of waiting: every timer fires on the next turn of the
 * event loop and moves the clock by its delay. Two processes sharing it (a client and the mock
 * server) see consistent time while a test takes no wall-clock time for the waits.
 */
export class SkipAheadClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  setTimer(fn: () => void, ms: number): ClockTimer {
    let cancelled = false;
    setImmediate(() => {
      if (cancelled) return;
      this.offset += Math.max(0, ms);
      fn();
    });
    return { cancel: () => (cancelled = true) };
  }
  /** Total time skipped so far. */
  get skippedMs(): number {
    return this.offset;
  }
}
