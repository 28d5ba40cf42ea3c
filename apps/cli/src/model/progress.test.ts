import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChatJob } from "@valens/core";
import { type CreateModelClientOptions, createModelClient, type ProgressState } from "@valens/llm";
import { type MockServer, NO_FAULTS, startMockServer } from "@valens/mock-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProgressRenderer, progressListener } from "./progress.js";

const API_KEY = "sk-test-VerySecretKey-0123456789abcdef";
let mock: MockServer;
let dir: string;
let logs: string[];

beforeAll(async () => {
  mock = await startMockServer({ requireApiKey: API_KEY });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "valens-progress-"));
  logs = [];
  mock.resetStats();
  await mock.setOptions(NO_FAULTS);
});

/** A client drawing `--progress lines` into `logs`, as the command line does on stderr. */
function client(extra: CreateModelClientOptions = {}) {
  return createModelClient("openai:gpt-4o-mini", {
    baseUrl: mock.baseUrl,
    apiKey: API_KEY,
    config: {},
    storePath: join(dir, "store.sqlite"),
    onProgress: new ProgressRenderer("lines", { intervalMs: 20, write: (line) => logs.push(line) }).listener,
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

describe("progress lines of a live run against the mock", () => {
  // Moved from packages/llm/src/client.test.ts with the rendering it checks.
  it("retries 500s and dropped connections until every job is answered", async () => {
    await mock.setOptions({ errorRate: 0.3, dropRate: 0.1, seed: 3 });
    const c = client({ concurrency: 4 });
    const { results, summary } = await c.run(jobs(40));
    expect(results.every((r) => r.ok)).toBe(true);
    const stats = mock.stats();
    expect(stats.serverErrors + stats.dropped).toBeGreaterThan(0);
    expect(summary.retries).toBe(stats.serverErrors + stats.dropped);
    expect(logs.some((line) => /retries [1-9]/.test(line))).toBe(true);
    await c.close();
  });

  it("ends with one line for the whole run, labelled with the model, and none when all was cached", async () => {
    const c = client();
    await c.run(jobs(5));
    const last = logs.at(-1) ?? "";
    expect(last).toMatch(
      /^valens openai:gpt-4o-mini: 5\/5 \(100%\) \d+\.\d\/s ETA \S+ retries 0 cache 0 \$0\.\d{4}$/,
    );
    logs = [];
    await c.run(jobs(5));
    expect(logs).toEqual([]);
    await c.close();
  });
});

describe("ProgressRenderer", () => {
  const state = (change: Partial<ProgressState>): ProgressState => ({
    done: 0,
    total: 10,
    cacheHits: 0,
    retries: 0,
    failures: 0,
    costUsd: null,
    ...change,
  });

  it("draws the line from the last event, with failures and the note", () => {
    const lines: string[] = [];
    const renderer = new ProgressRenderer("lines", { label: "lab:qwen", write: (line) => lines.push(line) });
    renderer.listener({
      type: "start",
      ref: "ignored:when-labelled",
      state: state({ cacheHits: 2, done: 2 }),
    });
    renderer.listener({
      type: "update",
      state: state({ cacheHits: 2, done: 7, failures: 1, retries: 3, note: "2 batch(es) running: 5/8" }),
    });
    expect(renderer.line()).toMatch(
      /^valens lab:qwen: 7\/10 \(70%\) \d+\.\d\/s ETA \S+ retries 3 cache 2 failed 1 \$\? \| 2 batch\(es\) running: 5\/8$/,
    );
    renderer.listener({ type: "stop", state: state({ cacheHits: 2, done: 10, costUsd: 1.5 }) });
    expect(lines.at(-1)).toMatch(/^valens lab:qwen: 10\/10 \(100%\) .* retries 0 cache 2 \$1\.50$/);
  });

  it("--progress off gives no listener at all", () => {
    expect(progressListener("off")).toBeUndefined();
    expect(typeof progressListener("lines")).toBe("function");
  });
});
