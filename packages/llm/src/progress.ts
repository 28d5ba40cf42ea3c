import cliProgress from "cli-progress";

export type ProgressMode = "auto" | "bar" | "lines" | "off";

export interface ProgressState {
  done: number;
  total: number;
  cacheHits: number;
  retries: number;
  failures: number;
  costUsd: number | null;
  /** Extra status, e.g. "batch batch_abc: 120/500". */
  note?: string;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

function formatCost(cost: number | null): string {
  return cost === null ? "$?" : `$${cost < 1 ? cost.toFixed(4) : cost.toFixed(2)}`;
}

/**
 * Progress of a run: a cli-progress bar on a terminal, plain periodic lines to stderr
 * otherwise (logs, CI). Rate and ETA count only answers fetched in this run, not cache hits.
 */
export class Progress {
  private readonly mode: "bar" | "lines" | "off";
  private readonly state: ProgressState = {
    done: 0,
    total: 0,
    cacheHits: 0,
    retries: 0,
    failures: 0,
    costUsd: 0,
  };
  private bar: cliProgress.SingleBar | null = null;
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private readonly label: string;
  private readonly write: (line: string) => void;
  private readonly intervalMs: number;

  constructor(
    mode: ProgressMode,
    label: string,
    options: { write?: (line: string) => void; intervalMs?: number; stream?: NodeJS.WriteStream } = {},
  ) {
    const stream = options.stream ?? process.stderr;
    this.mode = mode === "auto" ? (stream.isTTY ? "bar" : "lines") : mode;
    this.label = label;
    this.write = options.write ?? ((line) => stream.write(`${line}\n`));
    this.intervalMs = options.intervalMs ?? 5000;
  }

  start(total: number, cacheHits: number): void {
    Object.assign(this.state, { total, cacheHits, done: cacheHits });
    this.startedAt = Date.now();
    if (this.mode === "off" || total === cacheHits) return;
    if (this.mode === "bar") {
      this.bar = new cliProgress.SingleBar(
        {
          format: `${this.label} {bar} {value}/{total} | {rate}/s | ETA {eta_formatted} | retries {retries} | cache {cache} | {cost}{note}`,
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
          fps: 5,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, this.state.done, this.payload());
    } else if (this.mode === "lines") {
      this.timer = setInterval(() => this.write(this.line()), this.intervalMs);
      this.timer.unref();
    }
  }

  update(change: Partial<Omit<ProgressState, "total">>): void {
    Object.assign(this.state, change);
    this.bar?.update(this.state.done, this.payload());
  }

  increment(field: "done" | "retries" | "failures", by = 1): void {
    this.state[field] += by;
    if (field === "failures") this.state.done += by;
    this.bar?.update(this.state.done, this.payload());
  }

  snapshot(): Readonly<ProgressState> {
    return { ...this.state };
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      if (this.state.total > this.state.cacheHits) this.write(this.line());
    }
    if (this.bar) {
      this.bar.update(this.state.done, this.payload());
      this.bar.stop();
      this.bar = null;
    }
  }

  private rate(): number {
    const elapsed = (Date.now() - this.startedAt) / 1000;
    const fetched = this.state.done - this.state.cacheHits;
    return elapsed > 0 ? fetched / elapsed : 0;
  }

  private payload() {
    return {
      rate: this.rate().toFixed(1),
      retries: this.state.retries,
      cache: this.state.cacheHits,
      cost: formatCost(this.state.costUsd),
      note: this.state.note ? ` | ${this.state.note}` : "",
    };
  }

  /** "valens openai:gpt-4o-mini: 120/500 (24%) 8.1/s ETA 47s retries 2 cache 10 $0.0123" */
  line(): string {
    const { done, total, retries, cacheHits, failures, costUsd, note } = this.state;
    const rate = this.rate();
    const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    return `valens ${this.label}: ${done}/${total} (${pct}%) ${rate.toFixed(1)}/s ETA ${formatDuration(eta)} retries ${retries} cache ${cacheHits}${failures ? ` failed ${failures}` : ""} ${formatCost(costUsd)}${note ? ` | ${note}` : ""}`;
  }
}

export { formatCost, formatDuration };
