import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock.js";
import { parseDuration, retryAfterMs } from "./rate-headers.js";
import { backoffDelay, DEFAULT_RETRY, Scheduler } from "./scheduler.js";

describe("rate-limit headers", () => {
  it("parses OpenAI reset durations", () => {
    expect(parseDuration("20ms")).toBe(20);
    expect(parseDuration("1.5s")).toBe(1500);
    expect(parseDuration("6m0s")).toBe(360_000);
    expect(parseDuration("2")).toBe(2000);
    expect(parseDuration("soon")).toBeUndefined();
  });

  it("prefers retry-after-ms, then retry-after, then the exhausted budget's reset", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(retryAfterMs(h({ "retry-after-ms": "250", "retry-after": "3" }))).toBe(250);
    expect(retryAfterMs(h({ "retry-after": "3" }))).toBe(3000);
    expect(retryAfterMs(h({ "retry-after": new Date(Date.now() + 5000).toUTCString() }))).toBeGreaterThan(
      3000,
    );
    expect(
      retryAfterMs(h({ "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1s" })),
    ).toBe(1000);
    expect(retryAfterMs(h({}))).toBeUndefined();
  });
});

describe("backoff", () => {
  it("grows exponentially, is jittered and capped", () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(20, policy, () => 1)).toBe(1000);
  });
});

describe("Scheduler", () => {
  it("never exceeds its concurrency", async () => {
    const scheduler = new Scheduler({ concurrency: 3 });
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const slot = await scheduler.acquire(0);
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        active -= 1;
        slot.release({ ok: true });
      }),
    );
    expect(peak).toBe(3);
  });

  it("paces requests to the rpm budget", async () => {
    const clock = new ManualClock();
    // 100/s; the bucket starts with one token so a fresh run does not overshoot.
    const scheduler = new Scheduler({ concurrency: 100, rpm: 6000 }, clock);
    let admitted = 0;
    const all = Promise.all(
      Array.from({ length: 80 }, async () => {
        (await scheduler.acquire(0)).release({ ok: true });
        admitted += 1;
      }),
    );
    await clock.advance(0);
    expect(admitted).toBe(1);
    // 79 more at 10 ms each: not all within 780 ms, all by 790 ms.
    await clock.advance(780);
    expect(admitted).toBe(79);
    await clock.advance(10);
    await all;
    expect(admitted).toBe(80);
  });

  it("pauses for retry-after, slows down on 429 and learns the limit from headers", async () => {
    const clock = new ManualClock();
    const scheduler = new Scheduler({ concurrency: 10 }, clock);
    scheduler.onRateLimited(200, new Headers({ "x-ratelimit-limit-requests": "600" }));
    const stats = scheduler.stats();
    expect(stats.factor).toBeLessThan(1);
    expect(stats.effectiveRpm).toBeLessThan(600);
    expect(stats.effectiveConcurrency).toBeLessThan(10);
    expect(stats.pausedForMs).toBe(200);
    let admitted = false;
    const slot = scheduler.acquire(0).then((s) => {
      admitted = true;
      return s;
    });
    await clock.advance(199);
    expect(admitted).toBe(false);
    await clock.advance(1);
    (await slot).release({ ok: true });
    expect(admitted).toBe(true);
  });
});
