import type { ChatJob, RunOptions, RunPlan, TokenUsage } from "@valens/core";
import type { OpenAIModelClient, PendingRequest } from "./client.js";
import { DEFAULT_CONCURRENCY } from "./client-options.js";
import { costOf } from "./prices.js";

const DEFAULT_EXPECTED_OUTPUT = 300;
const DEFAULT_LATENCY_MS = 2000;

export type PlanOptions<M> = Pick<RunOptions<M>, "noCache" | "refresh" | "batch">;
export type DetailedPlan = RunPlan & { pendingBatchRequests: number; notes: string[] };

/** Keys of requests in batches an earlier run submitted (they will be collected, not sent). */
function pendingBatchKeys(client: OpenAIModelClient): Set<string> {
  const keys = new Set<string>();
  for (const batch of client.store.openBatches(client.baseUrl, client.model)) {
    if (batch.status === "prepared") continue; // nothing was uploaded: it will be redone
    for (const item of client.store.batchItems(batch.groupId)) keys.add(item.key);
  }
  return keys;
}

/** Prompt tokens by the tokenizer; output from the config, the store's mean, or a default. */
function expectedTokens(
  client: OpenAIModelClient,
  toSend: readonly PendingRequest[],
  notes: string[],
): TokenUsage {
  let promptTokens = 0;
  let completionTokens = 0;
  const mean = client.store.meanCompletionTokens(client.baseUrl, client.model);
  const perRequestOutput = client.settings.expectedOutputTokens ?? (mean === null ? null : Math.round(mean));
  for (const request of toSend) {
    promptTokens += client.promptTokens(request);
    const max = request.body.max_tokens;
    const expected = perRequestOutput ?? Math.min(max ?? DEFAULT_EXPECTED_OUTPUT, DEFAULT_EXPECTED_OUTPUT);
    completionTokens += max === undefined ? expected : Math.min(expected, max);
  }
  if (perRequestOutput === null && toSend.length > 0) {
    notes.push(
      `expected output assumes ${DEFAULT_EXPECTED_OUTPUT} tokens per answer (no cached answers yet; set expectedOutputTokens in the config)`,
    );
  }
  return { promptTokens, completionTokens };
}

/** Duration at the limits: the slowest of concurrency/latency, requests and tokens per minute. */
function durationAtLimits(client: OpenAIModelClient, requests: number, usage: TokenUsage): number {
  if (requests === 0) return 0;
  const { settings } = client;
  const latency = (settings.latencyMs ?? DEFAULT_LATENCY_MS) / 1000;
  const rates = [(settings.concurrency ?? DEFAULT_CONCURRENCY) / latency];
  if (settings.rpm) rates.push(settings.rpm / 60);
  if (settings.tpm)
    rates.push(settings.tpm / 60 / ((usage.promptTokens + usage.completionTokens) / requests));
  return requests / Math.min(...rates);
}

/** `client.plan` (--dry-run): what a run would send, cost and take, from the store and the tokenizer. */
export function planRun<M>(
  client: OpenAIModelClient,
  jobs: readonly ChatJob<M>[],
  options: PlanOptions<M>,
): DetailedPlan {
  const { unique } = client.prepare(jobs);
  const notes: string[] = [];
  let cacheHits = 0;
  let pendingBatch = 0;
  const toSend: PendingRequest[] = [];
  const readCache = !options.noCache && !options.refresh;
  const inBatches = readCache ? pendingBatchKeys(client) : new Set<string>();
  for (const request of unique.values()) {
    if (readCache && client.store.get(request.key) !== undefined) cacheHits += 1;
    else if (inBatches.has(request.key)) pendingBatch += 1;
    else toSend.push(request);
  }
  const usage = expectedTokens(client, toSend, notes);
  if (client.price === null)
    notes.push(`no price known for ${client.model}; add it under "prices" in valens.config.json`);
  if (options.batch && !client.supportsBatch)
    notes.push(`${client.provider} has no Batch API; --batch falls back to normal calls`);
  return {
    jobs: jobs.length,
    // Cache hits are counted per job (duplicates of one key share an answer).
    cacheHits: jobs.length - unique.size + cacheHits,
    requestsToSend: toSend.length,
    promptTokens: usage.promptTokens,
    expectedCompletionTokens: usage.completionTokens,
    costUsd: costOf(usage, client.price, false),
    batchCostUsd: costOf(usage, client.price, true),
    durationSeconds: durationAtLimits(client, toSend.length, usage),
    pendingBatchRequests: pendingBatch,
    notes,
  };
}
