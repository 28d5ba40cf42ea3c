/** Where a run stands; every progress event carries a copy. */
export interface ProgressState {
  done: number;
  total: number;
  cacheHits: number;
  retries: number;
  failures: number;
  costUsd: number | null;
  /** Extra status, e.g. "2 batch(es) running: 120/500" or "retrying: HTTP 500". */
  note?: string;
}

/**
 * What a run reports as it goes. The client renders nothing itself: a command line draws a bar
 * or prints lines from these (apps/cli), a library user may log them or ignore them.
 */
export type ProgressEvent =
  | { type: "start"; ref: string; state: Readonly<ProgressState> }
  | { type: "update"; state: Readonly<ProgressState> }
  | { type: "stop"; state: Readonly<ProgressState> };

export type ProgressListener = (event: ProgressEvent) => void;

/** The state before anything is sent: what a tracker starts from and a renderer shows first. */
export function initialProgressState(): ProgressState {
  return { done: 0, total: 0, cacheHits: 0, retries: 0, failures: 0, costUsd: 0 };
}

/** Keeps a run's progress state and tells the listener (if any) of every change. */
export class ProgressTracker {
  private readonly state: ProgressState = initialProgressState();

  constructor(
    private readonly ref: string,
    private readonly listener: ProgressListener | undefined,
  ) {}

  start(total: number, cacheHits: number): void {
    Object.assign(this.state, { total, cacheHits, done: cacheHits });
    this.listener?.({ type: "start", ref: this.ref, state: this.snapshot() });
  }

  update(change: Partial<Omit<ProgressState, "total">>): void {
    Object.assign(this.state, change);
    this.listener?.({ type: "update", state: this.snapshot() });
  }

  increment(field: "done" | "retries" | "failures", by = 1): void {
    this.state[field] += by;
    if (field === "failures") this.state.done += by;
    this.listener?.({ type: "update", state: this.snapshot() });
  }

  snapshot(): Readonly<ProgressState> {
    return { ...this.state };
  }

  stop(): void {
    this.listener?.({ type: "stop", state: this.snapshot() });
  }
}
