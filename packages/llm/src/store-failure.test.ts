import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChatJob, ValensError } from "@valens/core";
import { type MockServer, startMockServer } from "@valens/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModelClient } from "./client.js";
import { PendingJournal } from "./pending-journal.js";
import { ResponseStore, type StoredResponse } from "./store.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ latencyMs: 5 });
});
afterAll(async () => {
  await mock.close();
});

const jobs: ChatJob<number>[] = Array.from({ length: 40 }, (_, i) => ({
  id: `j${i}`,
  messages: [{ role: "user" as const, content: `Question ${i}?` }],
  meta: i,
}));

/** A writer that takes `n` answers, then fails the way a full disk does. */
function failingAfter(store: ResponseStore, n: number) {
  let writes = 0;
  return {
    put(response: StoredResponse) {
      if (writes++ >= n) throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
      store.put(response);
    },
  };
}

describe("a store that cannot be written", () => {
  it("stops sending, keeps every answer received, and the rerun buys none of them again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "valens-store-full-"));
    const storePath = join(dir, "store.sqlite");
    const store = new ResponseStore(storePath);
    const options = {
      baseUrl: mock.baseUrl,
      apiKey: "x",
      config: {},
      storePath,
      concurrency: 4,
    };
    mock.resetStats();
    const first = createModelClient("openai:gpt-4o-mini", {
      ...options,
      answerWriter: failingAfter(store, 5),
    });
    const error = await first.run(jobs).catch((e: unknown) => e);
    await first.close();
    expect(ValensError.isInstance(error) && error.code).toBe("store-write");
    const message = (error as ValensError).format();
    expect(message).toMatch(/SQLITE_FULL/);
    expect(message).toMatch(/rerun the same command/);
    const sent = mock.stats().byEndpoint["POST /v1/chat/completions"] ?? 0;
    // Stopped at the first failure: only requests already in flight were answered after it.
    expect(sent).toBeLessThan(jobs.length);
    expect(store.count()).toBe(5);
    const journal = PendingJournal.locations(storePath)[0] as string;
    expect(message).toContain(journal);
    expect(existsSync(journal)).toBe(true);
    store.close();

    // Space freed: the rerun replays the journal and asks only for what was never answered.
    mock.resetStats();
    const second = createModelClient("openai:gpt-4o-mini", options);
    const { results, summary } = await second.run(jobs);
    await second.close();
    expect(results.every((r) => r.ok)).toBe(true);
    expect(summary.cacheHits).toBe(sent);
    expect(summary.requests).toBe(jobs.length - sent);
    expect(mock.stats().byEndpoint["POST /v1/chat/completions"] ?? 0).toBe(jobs.length - sent);
    expect(existsSync(journal)).toBe(false);
  });

  it("refuses a store path that is a directory or not a store, in one line", () => {
    const dir = mkdtempSync(join(tmpdir(), "valens-store-bad-"));
    expect(() => new ResponseStore(dir)).toThrow(/the path is a directory/);
    const text = join(dir, "notes.sqlite");
    writeFileSync(text, "this is a text file, not SQLite\n".repeat(40));
    expect(() => new ResponseStore(text)).toThrow(/not a valens store/);
    expect(() => new ResponseStore(join(dir, "nope.sqlite"), { create: false })).toThrow(/no such file/);
    expect(existsSync(join(dir, "nope.sqlite"))).toBe(false);
  });
});
