import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ResponseStore, type StoredResponse } from "./store.js";

function answer(key: string, createdAt: number, model = "m"): StoredResponse {
  return {
    key,
    baseUrl: "http://x/v1",
    model,
    sample: 0,
    requestJson: "{}",
    text: `answer ${key}`,
    promptTokens: 3,
    completionTokens: 4,
    servedModel: model,
    systemFingerprint: "fp",
    finishReason: "stop",
    source: "live",
    createdAt,
  };
}

describe("ResponseStore", () => {
  it("is idempotent, lists groups, prunes and clears", () => {
    const path = join(mkdtempSync(join(tmpdir(), "valens-store-")), "s.sqlite");
    const store = new ResponseStore(path);
    store.put(answer("a", 1000));
    store.put(answer("a", 1000));
    store.putMany([answer("b", 2000), answer("c", 3000, "n")]);
    expect(store.count()).toBe(3);
    expect(store.get("a")?.text).toBe("answer a");
    expect(store.groups()).toMatchObject([
      { model: "m", entries: 2, oldest: 1000, newest: 2000 },
      { model: "n", entries: 1 },
    ]);
    expect(store.prune({ olderThan: 1500 })).toBe(1);
    expect(store.prune({ model: "n" })).toBe(1);
    expect(store.count()).toBe(1);
    expect(store.clear()).toBe(1);
    store.close();
    // WAL mode, so readers never block the writer.
    expect(readFileSync(path).subarray(18, 20)).toEqual(Buffer.from([2, 2]));
  });

  it("keeps batch groups and their custom_id mapping until collected", () => {
    const store = new ResponseStore(":memory:");
    store.prepareBatch({ groupId: "g", baseUrl: "u", model: "m" }, [
      { groupId: "g", customId: "k1", key: "k1", sample: 0, requestJson: "{}" },
      { groupId: "g", customId: "k1", key: "k1", sample: 0, requestJson: "{}" },
    ]);
    expect(store.batchItems("g")).toHaveLength(1);
    store.updateBatch("g", { status: "uploaded", inputFileId: "file-1" });
    store.updateBatch("g", { status: "submitted", batchId: "batch-1" });
    expect(store.openBatches("u", "m")).toMatchObject([
      { inputFileId: "file-1", batchId: "batch-1", status: "submitted" },
    ]);
    store.updateBatch("g", { status: "collected" });
    expect(store.openBatches("u", "m")).toHaveLength(0);
    store.close();
  });
});
