import { describe, expect, it } from "vitest";
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
    const scheduler = new Scheduler({ concurrency: 100, rpm: 6000 }); // 100/s, burst 50
    const start = Date.now();
    await Promise.all(
      Array.from({ length: 80 }, async () => (await scheduler.acquire(0)).release({ ok: true })),
    );
    // 50 from the burst, 30 more at 10 ms each.
    expect(Date.now() - start).toBeGreaterThanOrEqual(250);
  });

  it("pauses for retry-after, slows down on 429 and learns the limit from headers", async () => {
    const scheduler = new Scheduler({ concurrency: 10 });
    scheduler.onRateLimited(200, new Headers({ "x-ratelimit-limit-requests": "600" }));
    const stats = scheduler.stats();
    expect(stats.factor).toBeLessThan(1);
    expect(stats.effectiveRpm).toBeLessThan(600);
    expect(stats.effectiveConcurrency).toBeLessThan(10);
    const start = Date.now();
    (await scheduler.acquire(0)).release({ ok: true });
    expect(Date.now() - start).toBeGreaterThanOrEqual(180);
  });
});
