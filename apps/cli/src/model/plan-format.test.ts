import { describe, expect, it } from "vitest";
import { formatPlan } from "./plan-format.js";

describe("formatPlan", () => {
  it("prints the --dry-run figures one per line, aligned", () => {
    const lines = formatPlan("openai:gpt-4o-mini", {
      jobs: 10,
      cacheHits: 4,
      requestsToSend: 6,
      promptTokens: 1200,
      expectedCompletionTokens: 300,
      costUsd: 0.01234,
      batchCostUsd: 12.345,
      durationSeconds: 185,
      pendingBatchRequests: 2,
      notes: ["no price known"],
    });
    expect(lines).toEqual([
      "model:                 openai:gpt-4o-mini",
      "jobs:                  10",
      "cache hits:            4",
      "requests to send:      6",
      "in submitted batches:  2",
      "prompt tokens:         1200",
      "expected output:       300 tokens",
      "cost (normal):         $0.0123",
      "cost (batch):          $12.35",
      "duration at limits:    3m05s",
      "note: no price known",
    ]);
  });

  it("shows unknown prices as $? and leaves out an empty batch line", () => {
    const lines = formatPlan("x:y", {
      jobs: 0,
      cacheHits: 0,
      requestsToSend: 0,
      promptTokens: 0,
      expectedCompletionTokens: 0,
      costUsd: null,
      batchCostUsd: null,
      durationSeconds: 7200,
    });
    expect(lines).toContain("cost (normal):         $?");
    expect(lines).toContain("duration at limits:    2h00m");
    expect(lines.some((l) => l.startsWith("in submitted"))).toBe(false);
  });
});
