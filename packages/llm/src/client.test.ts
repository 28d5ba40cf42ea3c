import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChatJob, ValensError } from "@valens/core";
import { type MockServer, NO_FAULTS, startMockServer } from "@valens/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CreateModelClientOptions, createModelClient } from "./client.js";
import { SkipAheadClock } from "./clock.js";
import type { ProgressEvent } from "./progress-events.js";

const API_KEY = "sk-test-VerySecretKey-0123456789abcdef";
let mock: MockServer;
let dir: string;
let logs: string[];
let events: ProgressEvent[];

beforeAll(async () => {
  mock = await startMockServer({ requireApiKey: API_KEY });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "valens-client-"));
  logs = [];
  events = [];
  mock.resetStats();
  await mock.setOptions(NO_FAULTS);
});

function client(extra: CreateModelClientOptions = {}) {
  return createModelClient("openai:gpt-4o-mini", {
    baseUrl: mock.baseUrl,
    apiKey: API_KEY,
    config: {},
    storePath: join(dir, "store.sqlite"),
    // Events are logged too, so the key check below also covers progress notes.
    onProgress: (event) => {
      events.push(event);
      logs.push(JSON.stringify(event));
    },
    log: (line) => logs.push(line),
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
    ...extra,
  });
}

function jobs(n: number, extra: Partial<ChatJob<number>> = {}): ChatJob<number>[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `j${i}`,
    messages: [{ role: "user" as const, content: `Question number ${i}?` }],
    meta: i,
    ...extra,
  }));
}

const chatRequests = () => mock.stats().byEndpoint["POST /v1/chat/completions"] ?? 0;

describe("live runs against the mock", () => {
  it("answers every job, then a second run sends zero requests", async () => {
    const c = client({ concurrency: 8 });
    const first = await c.run(jobs(30));
    expect(first.results.every((r) => r.ok && !r.fromCache)).toBe(true);
    expect(first.summary.requests).toBe(30);
    expect(first.summary.systemFingerprints).toHaveLength(1);
    expect(first.summary.servedModels).toEqual(["gpt-4o-mini"]);
    expect(first.summary.costUsd).toBeGreaterThan(0);
    expect(chatRequests()).toBe(30);
    mock.resetStats();
    const second = await c.run(jobs(30));
    expect(chatRequests()).toBe(0);
    expect(second.summary.cacheHits).toBe(30);
    expect(second.results.map((r) => (r.ok ? r.text : ""))).toEqual(
      first.results.map((r) => (r.ok ? r.text : "")),
    );
    // --refresh asks again, --no-cache neither reads nor writes.
    await c.run(jobs(2), { refresh: true });
    expect(chatRequests()).toBe(2);
    await c.run(jobs(2), { noCache: true });
    expect(chatRequests()).toBe(4);
    await c.close();
  });

  it("caches repeated samples of one prompt separately", async () => {
    const c = client();
    const samples = [0, 1, 2].map(
      (sample) => ({ ...jobs(1)[0], id: `s${sample}`, sample }) as ChatJob<number>,
    );
    const first = await c.run(samples);
    const keys = new Set(first.results.map((r) => (r.ok ? r.key : "")));
    expect(keys.size).toBe(3);
    expect(Object.values(mock.stats().chatRequestsByPrompt)).toEqual([3]);
    const again = await c.run(samples);
    expect(again.summary.cacheHits).toBe(3);
    expect(chatRequests()).toBe(3);
    await c.close();
  });

  it("retries 500s and dropped connections, telling the progress listener of every retry", async () => {
    await mock.setOptions({ errorRate: 0.3, dropRate: 0.1, seed: 3 });
    const c = client({ concurrency: 4 });
    const { results, summary } = await c.run(jobs(40));
    expect(results.every((r) => r.ok)).toBe(true);
    const stats = mock.stats();
    expect(summary.retries).toBe(stats.serverErrors + stats.dropped);
    expect(events[0]).toMatchObject({
      type: "start",
      ref: "openai:gpt-4o-mini",
      state: { total: 40, done: 0 },
    });
    expect(events.at(-1)).toMatchObject({ type: "stop", state: { done: 40, retries: summary.retries } });
    expect(summary.retries).toBeGreaterThan(0);
    // One update per retry, each saying why.
    const retried = events.filter((e, i) => i > 0 && e.state.retries > (events[i - 1]?.state.retries ?? 0));
    expect(retried).toHaveLength(summary.retries ?? 0);
    expect(retried.every((e) => e.type === "update" && e.state.note?.startsWith("retrying: "))).toBe(true);
    await c.close();
  });

  it("honours retry-after on 429", async () => {
    // Client and server share a clock that skips ahead over every wait: the test takes no
    // wall-clock time, and the waits it skipped are exactly the ones the client chose.
    const clock = new SkipAheadClock();
    const limited = await startMockServer({ requireApiKey: API_KEY, rpm: 60, rpmBurst: 1 }, { clock });
    try {
      // Backoff of a few ms: only honouring retry-after (about 1 s) avoids a storm of 429s.
      const c = client({ concurrency: 3, baseUrl: limited.baseUrl, clock });
      const { results } = await c.run(jobs(3));
      expect(results.every((r) => r.ok)).toBe(true);
      // Three requests at one a second: at least two seconds of waiting on the shared clock.
      expect(clock.skippedMs).toBeGreaterThanOrEqual(1800);
      const stats = limited.stats();
      expect(stats.rateLimited).toBeGreaterThan(0);
      expect(stats.rateLimited).toBeLessThanOrEqual(3);
      await c.close();
    } finally {
      await limited.close();
    }
  });

  it("stops at once on 401 with a clear message that does not contain the key", async () => {
    const c = client({ apiKey: `${API_KEY}-wrong`, concurrency: 2 });
    const error = await c.run(jobs(20)).catch((e: unknown) => e);
    expect(ValensError.isInstance(error)).toBe(true);
    const message = (error as ValensError).format();
    expect((error as ValensError).code).toBe("auth");
    expect(message).toMatch(/refused the API key \(401/);
    expect(message).toMatch(/OPENAI_API_KEY/);
    expect(message).not.toContain(API_KEY);
    expect(mock.stats().unauthorized).toBeLessThanOrEqual(2);
    await c.close();
  });

  it("stops on insufficient_quota and keeps what was answered", async () => {
    await mock.setOptions({
      failStatus: { status: 429, code: "insufficient_quota", type: "insufficient_quota" },
    });
    const c = client({ concurrency: 1 });
    const error = await c.run(jobs(5)).catch((e: unknown) => e);
    expect((error as ValensError).code).toBe("provider");
    expect((error as ValensError).format()).toMatch(/insufficient quota/);
    expect(mock.stats().forcedFailures).toBe(1);
    await c.close();
  });

  it("keeps broken answers raw and reports them", async () => {
    await mock.setOptions({ malformedRate: 1 });
    const c = client();
    const job = jobs(12, { params: { response_format: { type: "json_object" } } });
    job.forEach((j) => {
      j.messages = [{ role: "user", content: `${j.messages[0]?.content} Answer as JSON {"answer": "..."}` }];
    });
    const { results, summary } = await c.run(job);
    expect(results.every((r) => r.ok)).toBe(true);
    const failed = results.filter((r) => r.ok && r.answerStatus === "failed");
    expect(summary.malformedAnswers).toBe(failed.length);
    expect(failed.length).toBeGreaterThan(0);
    expect(results.every((r) => r.ok && r.answerStatus !== "clean")).toBe(true);
    // Stored exactly as received: a rerun returns the same raw text from the cache.
    const again = await c.run(job);
    expect(again.results.map((r) => (r.ok ? r.text : ""))).toEqual(results.map((r) => (r.ok ? r.text : "")));
    expect(again.summary.malformedAnswers).toBe(failed.length);
    await c.close();
  });

  it("plans a dry run from the cache, the tokenizer and the price table", async () => {
    const c = client({ rpm: 600 });
    await c.run(jobs(5));
    const plan = await c.plan(jobs(10));
    expect(plan).toMatchObject({ jobs: 10, cacheHits: 5, requestsToSend: 5 });
    expect(plan.promptTokens).toBeGreaterThan(5 * 5);
    expect(plan.expectedCompletionTokens).toBeGreaterThan(0);
    expect(plan.batchCostUsd).toBeCloseTo((plan.costUsd ?? 0) / 2, 10);
    expect(plan.durationSeconds).toBeGreaterThanOrEqual(0.5);
    expect(chatRequests()).toBe(5);
    await c.close();
  });

  it("stops before exceeding --max-cost, keeping every answer received", async () => {
    const c = client({ concurrency: 1, prices: { input: 1000, output: 1000 } });
    const job = jobs(10, { params: { max_tokens: 20 } });
    // Worst case of one request is about (12 + 20) tokens * $1000 / 1M = $0.032.
    const error = await c.run(job, { maxCostUsd: 0.1 }).catch((e: unknown) => e);
    expect((error as ValensError).code).toBe("budget");
    const sent = chatRequests();
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(10);
    const resumed = await c.run(job);
    expect(resumed.summary.cacheHits).toBe(sent);
    await c.close();
  });

  it("never writes the API key to the store, logs or error messages", async () => {
    await mock.setOptions({ errorRate: 0.2 });
    const c = client();
    await c.run(jobs(10));
    await c.run(jobs(12), { batch: false });
    await c.close();
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file)).includes(API_KEY)).toBe(false);
    }
    expect(logs.join("\n")).not.toContain(API_KEY);
  });
});

describe("configuration", () => {
  it("refuses unknown providers and missing keys before any request", () => {
    const failure = (make: () => unknown) => {
      try {
        make();
      } catch (e) {
        return (e as ValensError).format();
      }
      return "no error";
    };
    expect(failure(() => createModelClient("foo:bar", { config: {} }))).toMatch(
      /Unknown provider "foo".*Known providers: openai, azure, openrouter, ollama, vllm/,
    );
    expect(failure(() => createModelClient("openrouter:x", { config: {}, env: {} }))).toMatch(
      /Set the environment variable OPENROUTER_API_KEY/,
    );
    expect(failure(() => createModelClient("gpt-4o", { config: {} }))).toMatch(/provider:model/);
    expect(createModelClient("ollama:llama3.1", { config: {}, env: {} }).baseUrl).toBe(
      "http://localhost:11434/v1",
    );
  });

  it("reads named endpoints and per-model settings from YAML", () => {
    writeFileSync(
      join(dir, "valens.config.yaml"),
      "endpoints:\n  lab:\n    baseUrl: http://gpu-box.lab.example:8000/v1\nmodels:\n  lab:qwen:\n    concurrency: 3\n    rpm: 100\n    price: { input: 1, output: 2 }\n",
    );
    const c = createModelClient("lab:qwen", { config: join(dir, "valens.config.yaml"), env: {} });
    expect(c.baseUrl).toBe("http://gpu-box.lab.example:8000/v1");
    expect(c.settings).toMatchObject({ concurrency: 3, rpm: 100 });
    expect(c.price).toEqual({ input: 1, output: 2 });
    writeFileSync(join(dir, "bad.json"), '{"models": {"x": {"rpm": "fast"}}}');
    expect(() => createModelClient("openai:x", { config: join(dir, "bad.json"), apiKey: "k" })).toThrow(
      /models\.x\.rpm/,
    );
  });
});
