import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@valens/mock-server";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ResponseStore } from "./store.js";

const script = join(import.meta.dirname, "__fixtures__", "run-jobs.mjs");
const API_KEY = "sk-test-kill-0123456789abcdefghij";
const N = 60;
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ requireApiKey: API_KEY, latencyMs: 40 });
});
afterAll(async () => {
  await mock.close();
});

interface ChildRun {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  exit: Promise<number | null>;
}

function runChild(storePath: string, mode: "live" | "batch"): ChildRun {
  const child = spawn(process.execPath, [script, mock.baseUrl, storePath, String(N), mode, "100"], {
    env: { ...process.env, TEST_API_KEY: API_KEY },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    lines.push(...parts);
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      if (code !== 0 && code !== null) process.stderr.write(stderr);
      resolve(code);
    }),
  );
  return { child, lines, exit, stderr: () => stderr };
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

function answersIn(storePath: string): Map<string, string> {
  const store = new ResponseStore(storePath);
  try {
    return store.answerTexts();
  } finally {
    store.close();
  }
}

function summaryOf(run: ChildRun): { requests: number; cacheHits: number } {
  const line = run.lines.find((l) => l.startsWith("done "));
  return JSON.parse((line ?? "done {}").slice(5));
}

describe("a run killed with SIGKILL", () => {
  it("resumes, answers every item once and matches an uninterrupted run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "valens-kill-"));
    const reference = runChild(join(dir, "reference.sqlite"), "live");
    expect(await reference.exit).toBe(0);
    const expected = answersIn(join(dir, "reference.sqlite"));
    expect(expected.size).toBe(N);

    mock.resetStats();
    const storePath = join(dir, "store.sqlite");
    const first = runChild(storePath, "live");
    await until(() => first.lines.length >= 20);
    first.child.kill("SIGKILL");
    await first.exit;
    const committed = answersIn(storePath);
    expect(committed.size).toBeGreaterThanOrEqual(20);
    expect(committed.size).toBeLessThan(N);
    const afterKill = mock.stats().chatRequestsByPrompt;

    mock.resetStats();
    const second = runChild(storePath, "live");
    expect(await second.exit).toBe(0);
    const resumed = mock.stats().chatRequestsByPrompt;
    // The rerun asks exactly for what was missing, each once; nothing answered is asked again.
    expect(Object.values(resumed).every((count) => count === 1)).toBe(true);
    expect(Object.keys(resumed)).toHaveLength(N - committed.size);
    for (const prompt of Object.keys(resumed)) expect(afterKill[prompt] ?? 0).toBeLessThanOrEqual(1);
    expect(summaryOf(second)).toMatchObject({ requests: N - committed.size, cacheHits: committed.size });
    expect(answersIn(storePath)).toEqual(expected);

    // A second resume is a no-op: no requests, no duplicates.
    mock.resetStats();
    const third = runChild(storePath, "live");
    expect(await third.exit).toBe(0);
    expect(mock.stats().byEndpoint["POST /v1/chat/completions"] ?? 0).toBe(0);
    expect(answersIn(storePath).size).toBe(N);
  });
});

describe("batch mode", () => {
  it("submits one batch, retries error rows as normal calls and answers every item once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "valens-batch-"));
    await mock.setOptions({ batchDelayMs: 300, errorRate: 0.1, seed: 11 });
    mock.resetStats();
    const run = runChild(join(dir, "store.sqlite"), "batch");
    expect(await run.exit).toBe(0);
    const stats = mock.stats();
    expect(stats.batchesCreated).toBe(1);
    expect(stats.byEndpoint["BATCH /v1/chat/completions"]).toBe(N);
    const errorRows = N - ((summaryOf(run) as { batchAnswers?: number }).batchAnswers ?? Number.NaN);
    expect(errorRows).toBeGreaterThan(0);
    expect(run.stderr()).toMatch(/not answered by the batch; sending them as normal calls/);
    expect(Object.values(stats.chatAnswersByPrompt).every((count) => count === 1)).toBe(true);
    expect(Object.keys(stats.chatAnswersByPrompt)).toHaveLength(N);
    expect(answersIn(join(dir, "store.sqlite")).size).toBe(N);
    await mock.setOptions({ errorRate: 0 });
  });

  it("a process killed while its batch runs is continued by the next one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "valens-batch-kill-"));
    await mock.setOptions({ batchDelayMs: 1500, errorRate: 0 });
    const reference = runChild(join(dir, "reference.sqlite"), "batch");
    expect(await reference.exit).toBe(0);
    const expected = answersIn(join(dir, "reference.sqlite"));

    mock.resetStats();
    const storePath = join(dir, "store.sqlite");
    const first = runChild(storePath, "batch");
    await until(() => /submitted batch/.test(first.stderr()));
    first.child.kill("SIGKILL");
    await first.exit;
    expect(answersIn(storePath).size).toBe(0);

    const second = runChild(storePath, "batch");
    expect(await second.exit).toBe(0);
    expect(second.stderr()).toMatch(/continuing 1 batch/);
    const stats = mock.stats();
    expect(stats.batchesCreated).toBe(1);
    expect(stats.byEndpoint["POST /v1/chat/completions"] ?? 0).toBe(0);
    expect(stats.duplicateAnswers).toBe(0);
    expect(answersIn(storePath)).toEqual(expected);

    // Killed between creating the batch and recording its id: the next run finds the batch
    // by its group id instead of creating (and paying for) a second one.
    const lostDir = join(dir, "lost-id.sqlite");
    mock.resetStats();
    const killed = runChild(lostDir, "batch");
    await until(() => /submitted batch/.test(killed.stderr()));
    killed.child.kill("SIGKILL");
    await killed.exit;
    const db = new Database(lostDir);
    expect(db.prepare("UPDATE batches SET status = 'uploaded', batch_id = NULL").run().changes).toBe(1);
    db.close();
    const resumed = runChild(lostDir, "batch");
    expect(await resumed.exit).toBe(0);
    expect(resumed.stderr()).toMatch(/found batch .* created by an earlier run/);
    expect(mock.stats().batchesCreated).toBe(1);
    expect(mock.stats().duplicateAnswers).toBe(0);
    expect(answersIn(lostDir)).toEqual(expected);

    // Collected batches are not collected again; everything is a cache hit now.
    mock.resetStats();
    const third = runChild(storePath, "batch");
    expect(await third.exit).toBe(0);
    expect(mock.stats().requests).toBe(0);
  });
});
