import { type Clock, createRng, firstZodIssue, InputError, systemClock } from "@valens/core";
import { hash32 } from "./hash.js";
import { type MockServerOptions, mockServerOptionsSchema, type ResolvedMockOptions } from "./options.js";
import { TokenBucket } from "./rate-limiter.js";
import { StatsCollector } from "./stats.js";

/** Everything the request handlers share: options, counters, limiter and fault generator. */
export class MockState {
  options: ResolvedMockOptions;
  input: MockServerOptions;
  readonly stats = new StatsCollector();
  bucket: TokenBucket | null = null;
  /** Stepped once per decision so injected faults are reproducible for a given request order. */
  random: () => number;
  failRemaining: number | undefined;
  private counter = 0;
  readonly startedAt: number;

  constructor(
    input: MockServerOptions,
    /** Batch progress and the rate limiter run on this clock. */
    readonly clock: Clock = systemClock,
  ) {
    this.startedAt = clock.now();
    this.input = input;
    this.options = parseOptions(input);
    this.random = createRng(this.options.seed);
    this.configure(undefined);
  }

  /** Applies changed options; the limiter and fault generator restart only when theirs change. */
  update(partial: Partial<MockServerOptions>): { before: ResolvedMockOptions; after: ResolvedMockOptions } {
    const merged = { ...this.input, ...partial };
    const next = parseOptions(merged);
    const before = this.options;
    this.input = merged;
    this.options = next;
    if (next.seed !== before.seed) this.random = createRng(next.seed);
    this.configure(before);
    return { before, after: next };
  }

  private configure(before: ResolvedMockOptions | undefined): void {
    const o = this.options;
    if (!before || before.rpm !== o.rpm || before.rpmBurst !== o.rpmBurst) {
      this.bucket = o.rpm > 0 ? new TokenBucket(o.rpm, o.rpmBurst, this.clock.now()) : null;
    }
    if (!before || before.failStatus !== o.failStatus) this.failRemaining = o.failStatus?.times;
  }

  nextId(prefix: string): string {
    this.counter++;
    const a = hash32(`${this.startedAt}:${this.counter}:${prefix}`).toString(36);
    const b = hash32(`${this.counter}:${this.startedAt}`).toString(36);
    return `${prefix}${a}${b}${this.counter.toString(36)}`;
  }

  get systemFingerprint(): string {
    return `fp_mock${hash32(`seed:${this.options.seed}`).toString(16).padStart(8, "0")}`;
  }
}

export function parseOptions(input: MockServerOptions): ResolvedMockOptions {
  const result = mockServerOptionsSchema.safeParse(input);
  if (!result.success) {
    const { path, message } = firstZodIssue(result.error, "");
    throw new InputError(`Invalid mock server option${path ? ` at "${path}"` : ""}: ${message}`, {
      hint: "See the mock server options in the @valens/llm README",
    });
  }
  return result.data;
}
