import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { toFile } from "openai";
import type { Batch } from "openai/resources/batches";
import { MalformedResponseError } from "./classify.js";
import type { OpenAIModelClient, PendingRequest } from "./client.js";
import { parseCompletionBody } from "./completion.js";
import { ProviderError } from "./errors.js";
import { canonicalJson } from "./request.js";
import type { RunContext } from "./session.js";
import { type StoredBatch, type StoredBatchItem, storedResponse } from "./store.js";

export interface BatchLimits {
  /** OpenAI: at most 50,000 requests per batch input file. */
  maxRequestsPerFile: number;
  /** OpenAI: at most 200 MB per batch input file. */
  maxBytesPerFile: number;
  pollIntervalMs: number;
  completionWindow: "24h";
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  maxRequestsPerFile: 50_000,
  maxBytesPerFile: 200 * 1024 * 1024,
  pollIntervalMs: 15_000,
  completionWindow: "24h",
};

const TERMINAL = new Set(["completed", "failed", "expired", "cancelled"]);
const ENDPOINT = "/v1/chat/completions";

interface BatchLine {
  customId: string;
  key: string;
  sample: number;
  requestJson: string;
  line: string;
}

/** Splits requests into input files within the API's count and size limits (one model per file). */
export function splitBatchFiles(
  lines: readonly BatchLine[],
  limits: Pick<BatchLimits, "maxRequestsPerFile" | "maxBytesPerFile">,
): BatchLine[][] {
  const files: BatchLine[][] = [];
  let current: BatchLine[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line.line) + 1;
    if (size > limits.maxBytesPerFile) {
      throw new ProviderError(
        `One batch request is ${size} bytes, above the ${limits.maxBytesPerFile}-byte file limit`,
        undefined,
        {
          item: line.customId,
          hint: "Run without --batch",
        },
      );
    }
    if (current.length >= limits.maxRequestsPerFile || bytes + size > limits.maxBytesPerFile) {
      files.push(current);
      current = [];
      bytes = 0;
    }
    current.push(line);
    bytes += size;
  }
  if (current.length > 0) files.push(current);
  return files;
}

/** A batch-management call in the client's retry loop; permanent failures stop the run. */
async function withRetry<T>(
  client: OpenAIModelClient,
  what: string,
  signal: AbortSignal,
  call: () => Promise<T>,
): Promise<T> {
  const outcome = await client.retrying({ signal, attempt: call });
  if (outcome.kind === "ok") return outcome.value;
  if (outcome.kind === "permanent") throw outcome.error;
  if (outcome.kind === "stopped") throw outcome.error ?? signal.reason;
  throw new ProviderError(
    `${what} failed after ${outcome.attempts} attempts (${outcome.reason})`,
    undefined,
    {
      hint: "Rerun later: submitted batches are saved and will be collected",
    },
  );
}

/**
 * Runs requests through the Batch API. Everything needed to continue is in the store before it
 * is used: the custom_id -> request mapping before the upload, the file id before the batch is
 * created, the batch id right after. A restarted run continues open batches of this model
 * instead of submitting their requests again. Returns the requests still to send as normal calls
 * (rows of the error file, expired or failed batches).
 */
export async function runBatch(
  context: RunContext,
  pending: readonly PendingRequest[],
  readCache: boolean,
): Promise<PendingRequest[]> {
  const { client } = context;
  const wanted = new Map(pending.map((request) => [request.key, request]));
  const delivered = new Set<string>();
  const { open, covered } = openBatches(client, readCache);
  await submitBatches(context, pending, covered, open);
  await collectAll(context, open, wanted, delivered);
  // Anything asked for that no batch answered (error rows, expired, failed) goes out as a normal call.
  const live = pending.filter((request) => !delivered.has(request.key));
  if (live.length > 0)
    client.log(`valens: ${live.length} request(s) not answered by the batch; sending them as normal calls`);
  return live;
}

/** Open batches from earlier (possibly killed) runs, and the request keys they cover. */
function openBatches(
  client: OpenAIModelClient,
  readCache: boolean,
): { open: StoredBatch[]; covered: Set<string> } {
  const store = client.store;
  const open: StoredBatch[] = [];
  for (const batch of store.openBatches(client.baseUrl, client.model)) {
    // Nothing of a "prepared" group reached the provider: forget it and plan its requests anew.
    if (batch.status === "prepared") store.deleteBatch(batch.groupId);
    else open.push(batch);
  }
  const covered = new Set<string>();
  if (readCache)
    for (const batch of open) for (const item of store.batchItems(batch.groupId)) covered.add(item.key);
  if (open.length > 0) client.log(`valens: continuing ${open.length} batch(es) submitted earlier`);
  return { open, covered };
}

/** New batches for what no open batch covers; every uploaded group gets (exactly one) batch. */
async function submitBatches(
  context: RunContext,
  pending: readonly PendingRequest[],
  covered: ReadonlySet<string>,
  open: StoredBatch[],
): Promise<void> {
  const { client, signal } = context;
  const store = client.store;
  const lines: BatchLine[] = [];
  for (const request of pending) {
    if (covered.has(request.key)) continue;
    const body = request.body;
    lines.push({
      customId: request.key,
      key: request.key,
      sample: request.sample,
      requestJson: canonicalJson(body),
      line: JSON.stringify({ custom_id: request.key, method: "POST", url: ENDPOINT, body }),
    });
  }
  for (const file of splitBatchFiles(lines, client.batchLimits)) {
    const groupId = randomUUID();
    const items: StoredBatchItem[] = file.map((l) => ({
      groupId,
      customId: l.customId,
      key: l.key,
      sample: l.sample,
      requestJson: l.requestJson,
    }));
    store.prepareBatch({ groupId, baseUrl: client.baseUrl, model: client.model }, items);
    const batch = store
      .openBatches(client.baseUrl, client.model)
      .find((b) => b.groupId === groupId) as StoredBatch;
    open.push(batch);
    await upload(client, batch, `${file.map((l) => l.line).join("\n")}\n`, signal);
  }
  // Groups a killed run uploaded: it may also have created the batch without living to save its
  // id, so look for one carrying the group id before creating it (never pay for a batch twice).
  for (const batch of open) {
    if (batch.status !== "uploaded") continue;
    const existing = await findCreatedBatch(client, batch, signal);
    if (existing) adoptBatch(client, batch, existing);
    else await createBatch(client, batch, signal);
  }
}

/** Polls until every batch is done, collecting each as it finishes. */
async function collectAll(
  context: RunContext,
  open: readonly StoredBatch[],
  wanted: ReadonlyMap<string, PendingRequest>,
  delivered: Set<string>,
): Promise<void> {
  const { client, signal } = context;
  let remaining = open.filter((b) => b.status === "submitted");
  while (remaining.length > 0) {
    const still: StoredBatch[] = [];
    let done = 0;
    let total = 0;
    for (const batch of remaining) {
      const remote = await withRetry(client, "Checking a batch", signal, () =>
        client.openai.batches.retrieve(batch.batchId as string),
      );
      done += (remote.request_counts?.completed ?? 0) + (remote.request_counts?.failed ?? 0);
      total += remote.request_counts?.total ?? batch.requestCount;
      if (TERMINAL.has(remote.status)) await collect(context, batch, remote, wanted, delivered);
      else still.push(batch);
    }
    remaining = still;
    if (remaining.length > 0) {
      context.progress.update({ note: `${remaining.length} batch(es) running: ${done}/${total}` });
      await sleep(client.batchLimits.pollIntervalMs, undefined, { signal });
    }
  }
  context.progress.update({ note: "" });
}

async function upload(
  client: OpenAIModelClient,
  batch: StoredBatch,
  jsonl: string,
  signal: AbortSignal,
): Promise<void> {
  const file = await withRetry(client, "Uploading the batch file", signal, async () =>
    client.openai.files.create({
      file: await toFile(Buffer.from(jsonl, "utf8"), `valens-${batch.groupId}.jsonl`, {
        type: "application/jsonl",
      }),
      purpose: "batch",
    }),
  );
  client.store.updateBatch(batch.groupId, { status: "uploaded", inputFileId: file.id });
  batch.status = "uploaded";
  batch.inputFileId = file.id;
}

async function findCreatedBatch(
  client: OpenAIModelClient,
  batch: StoredBatch,
  signal: AbortSignal,
): Promise<string | undefined> {
  const page = await withRetry(client, "Listing batches", signal, () =>
    client.openai.batches.list({ limit: 100 }),
  );
  const found = page.data.find(
    (remote) => remote.metadata?.valens_group === batch.groupId || remote.input_file_id === batch.inputFileId,
  );
  return found?.id;
}

function adoptBatch(client: OpenAIModelClient, batch: StoredBatch, batchId: string): void {
  client.store.updateBatch(batch.groupId, { status: "submitted", batchId });
  batch.status = "submitted";
  batch.batchId = batchId;
  client.log(`valens: found batch ${batchId}, created by an earlier run before it could record it`);
}

async function createBatch(
  client: OpenAIModelClient,
  batch: StoredBatch,
  signal: AbortSignal,
): Promise<void> {
  const created = await withRetry(client, "Creating the batch", signal, () =>
    client.openai.batches.create({
      input_file_id: batch.inputFileId as string,
      endpoint: ENDPOINT,
      completion_window: client.batchLimits.completionWindow,
      metadata: { valens_group: batch.groupId },
    }),
  );
  client.store.updateBatch(batch.groupId, { status: "submitted", batchId: created.id });
  batch.status = "submitted";
  batch.batchId = created.id;
  client.log(`valens: submitted batch ${created.id} (${batch.requestCount} requests)`);
}

async function downloadLines(
  client: OpenAIModelClient,
  fileId: string,
  signal: AbortSignal,
): Promise<unknown[]> {
  const text = await withRetry(client, "Downloading batch results", signal, async () => {
    const response = await client.openai.files.content(fileId);
    return response.text();
  });
  const out: unknown[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // A broken line is treated like a missing answer: its request is retried live.
    }
  }
  return out;
}

interface OutputLine {
  custom_id?: string;
  response?: { status_code?: number; body?: unknown } | null;
  error?: unknown;
}

/** Merges a finished batch into the store; rows without an answer go to the live queue. */
async function collect(
  context: RunContext,
  batch: StoredBatch,
  remote: Batch,
  wanted: ReadonlyMap<string, PendingRequest>,
  delivered: Set<string>,
): Promise<void> {
  const { client, signal } = context;
  const items = new Map(client.store.batchItems(batch.groupId).map((item) => [item.customId, item]));
  const answered = new Set<string>();
  const lines: OutputLine[] = [];
  if (remote.output_file_id)
    lines.push(...((await downloadLines(client, remote.output_file_id, signal)) as OutputLine[]));
  if (remote.error_file_id)
    lines.push(...((await downloadLines(client, remote.error_file_id, signal)) as OutputLine[]));
  for (const line of lines) {
    const item = line.custom_id === undefined ? undefined : items.get(line.custom_id);
    if (item === undefined || answered.has(item.customId)) continue;
    if (line.response?.status_code !== 200 || line.response.body === undefined) continue;
    let answer: ReturnType<typeof parseCompletionBody>;
    try {
      answer = parseCompletionBody(JSON.stringify(line.response.body));
    } catch (error) {
      if (error instanceof MalformedResponseError) continue;
      throw error;
    }
    answered.add(item.customId);
    const request = wanted.get(item.key);
    if (request !== undefined && !delivered.has(item.key)) {
      context.deliver(request, answer, "batch");
      delivered.add(item.key);
    } else if (request === undefined) {
      // Belongs to another run's jobs: still paid for, so keep it.
      client.persist(
        storedResponse(
          {
            key: item.key,
            baseUrl: client.baseUrl,
            model: client.model,
            sample: item.sample,
            requestJson: item.requestJson,
          },
          answer,
          "batch",
        ),
      );
    }
  }
  if (remote.status === "failed") {
    const reason = remote.errors?.data?.[0]?.message ?? "no reason given";
    client.log(`valens: batch ${remote.id} failed (${reason}); sending its requests as normal calls`);
  }
  client.store.updateBatch(batch.groupId, { status: remote.status === "failed" ? "failed" : "collected" });
  batch.status = remote.status === "failed" ? "failed" : "collected";
}
