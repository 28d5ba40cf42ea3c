import {
  initialProgressState,
  type ProgressEvent,
  type ProgressListener,
  type ProgressState,
} from "@valens/llm";
import cliProgress from "cli-progress";
import { formatCost, formatDuration } from "./format.js";

export type ProgressMode = "auto" | "bar" | "lines" | "off";

interface ProgressRendererOptions {
  /** Label of the bar and lines (default: the model reference the run starts with). */
  label?: string;
  /** Where lines go (default: the stream). */
  write?: (line: string) => void;
  /** Line interval in ms in "lines" mode. */
  intervalMs?: number;
  stream?: NodeJS.WriteStream;
}

/**
 * Draws a run's progress events: a cli-progress bar on a terminal, plain periodic lines to
 * stderr otherwise (logs, CI). Rate and ETA count only answers fetched in this run, not cache hits.
 */
export class ProgressRenderer {
  private readonly mode: "bar" | "lines" | "off";
  private state: Readonly<ProgressState> = initialProgressState();
  private bar: cliProgress.SingleBar | null = null;
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private label: string;
  private readonly write: (line: string) => void;
  private readonly intervalMs: number;

  constructor(mode: ProgressMode, options: ProgressRendererOptions = {}) {
    const stream = options.stream ?? process.stderr;
    this.mode = mode === "auto" ? (stream.isTTY ? "bar" : "lines") : mode;
    this.label = options.label ?? "";
    this.write = options.write ?? ((line) => stream.write(`${line}\n`));
    this.intervalMs = options.intervalMs ?? 5000;
  }

  /** The listener to give the client (`onProgress`). */
  readonly listener: ProgressListener = (event: ProgressEvent) => {
    this.state = event.state;
    if (event.type === "start") this.start(event.ref);
    else if (event.type === "update") this.bar?.update(this.state.done, this.payload());
    else this.stop();
  };

  private start(ref: string): void {
    this.label ||= ref;
    this.startedAt = Date.now();
    if (this.mode === "off" || this.state.total === this.state.cacheHits) return;
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
      this.bar.start(this.state.total, this.state.done, this.payload());
    } else {
      this.timer = setInterval(() => this.write(this.line()), this.intervalMs);
      this.timer.unref();
    }
  }

  private stop(): void {
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

/** A progress listener for `--progress <mode>`; undefined for "off", so nothing is tracked for it. */
export function progressListener(
  mode: ProgressMode,
  options: ProgressRendererOptions = {},
): ProgressListener | undefined {
  return mode === "off" ? undefined : new ProgressRenderer(mode, options).listener;
}
