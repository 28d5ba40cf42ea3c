import type { ClockTimer } from "@valens/core";
import { answerRequest } from "./answer-request.js";
import type { AnswerEngine } from "./answers.js";
import { chatRequestSchema, promptHash, promptTokens } from "./chat-request.js";
import { chatCompletion } from "./completion.js";
import { embeddingRequestSchema, embeddingResponse } from "./embeddings.js";
import type { FileStore } from "./files.js";
import { errorBody } from "./http-util.js";
import type { StateDir } from "./persistence.js";
import type { MockState } from "./state.js";

type BatchStatus =
  | "validating"
  | "failed"
  | "in_progress"
  | "finalizing"
  | "completed"
  | "expired"
  | "cancelling"
  | "cancelled";

export const batchEndpoints = ["/v1/chat/completions", "/v1/embeddings"] as const;

export interface BatchObject {
  id: string;
  object: "batch";
  endpoint: string;
  errors: {
    object: "list";
    data: { code: string; message: string; param: string | null; line: number | null }[];
  } | null;
  input_file_id: string;
  completion_window: string;
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  metadata: Record<string, string> | null;
}

interface BatchLine {
  custom_id: string;
  body: unknown;
}

/** What the mock keeps per batch: the API object plus its clock. */
interface BatchRecord {
  batch: BatchObject;
  createdMs: number;
  delayMs: number;
  lines: BatchLine[];
  /** Set when the input did not validate: the batch fails after its validating phase. */
  invalid: BatchObject["errors"];
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * Batches progress on the server's clock, whatever clients do: validating for the first 10% of
 * `batchDelayMs`, in_progress until 80% (request_counts rising), finalizing until 100%, then
 * completed with an output file and, when rows failed, an error file (OpenAI's row format).
 */
export class BatchStore {
  private readonly records = new Map<string, BatchRecord>();
  private timer: ClockTimer | undefined;
  private closed = false;

  constructor(
    private readonly state: MockState,
    private readonly files: FileStore,
    private readonly engine: () => AnswerEngine,
    private readonly disk: StateDir | undefined,
  ) {}

  async load(): Promise<void> {
    if (!this.disk) return;
    for (const { text } of await this.disk.readAll("batches", ".json")) {
      const record = JSON.parse(text) as BatchRecord;
      this.records.set(record.batch.id, record);
    }
    this.schedule();
  }

  async create(input: {
    inputFileId: string;
    endpoint: string;
    completionWindow: string;
    metadata: Record<string, string> | null;
  }): Promise<BatchObject> {
    const file = this.files.get(input.inputFileId);
    if (!file) throw new Error(`missing file ${input.inputFileId}`);
    const now = this.state.clock.now();
    const { lines, errors } = parseInput(file.content.toString("utf8"), input.endpoint);
    const batch: BatchObject = {
      id: this.state.nextId("batch_"),
      object: "batch",
      endpoint: input.endpoint,
      errors: null,
      input_file_id: input.inputFileId,
      completion_window: input.completionWindow,
      status: "validating",
      output_file_id: null,
      error_file_id: null,
      created_at: seconds(now),
      in_progress_at: null,
      expires_at: seconds(now) + 24 * 3600,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: input.metadata,
    };
    const record: BatchRecord = {
      batch,
      createdMs: now,
      delayMs: this.state.options.batchDelayMs,
      lines,
      invalid: errors.length > 0 ? { object: "list", data: errors } : null,
    };
    this.records.set(batch.id, record);
    this.state.stats.raw.batchesCreated++;
    await this.save(record);
    this.schedule();
    await this.advance(record, now);
    return batch;
  }

  async get(id: string): Promise<BatchObject | undefined> {
    const record = this.records.get(id);
    if (!record) return undefined;
    await this.advance(record, this.state.clock.now());
    return record.batch;
  }

  async list(): Promise<BatchObject[]> {
    const now = this.state.clock.now();
    for (const record of this.records.values()) await this.advance(record, now);
    return [...this.records.values()].sort((a, b) => b.createdMs - a.createdMs).map((r) => r.batch);
  }

  /** Cancelling takes effect at the next tick: requests done so far are written out. */
  async cancel(id: string): Promise<BatchObject | "not-found" | "final"> {
    const record = this.records.get(id);
    if (!record) return "not-found";
    await this.advance(record, this.state.clock.now());
    const b = record.batch;
    if (b.status !== "validating" && b.status !== "in_progress" && b.status !== "finalizing") return "final";
    b.status = "cancelling";
    b.cancelling_at = seconds(this.state.clock.now());
    await this.save(record);
    this.schedule();
    return b;
  }

  close(): void {
    this.closed = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** A ticker runs while any batch is unfinished, so batches progress with no client polling. */
  private schedule(): void {
    if (this.timer || this.closed) return;
    const active = [...this.records.values()].filter((r) => !isFinal(r.batch.status));
    if (active.length === 0) return;
    const period = Math.max(10, Math.min(250, Math.min(...active.map((r) => r.delayMs)) / 10));
    // Re-armed after each tick (an interval on the injected clock) while any batch is unfinished.
    const arm = () => {
      this.timer = this.state.clock.setTimer(() => {
        this.timer = undefined;
        return this.tick().then(() => {
          if (!this.closed && this.timer === undefined && this.hasActive()) arm();
        });
      }, period);
    };
    arm();
  }

  private hasActive(): boolean {
    for (const r of this.records.values()) if (!isFinal(r.batch.status)) return true;
    return false;
  }

  private ticking = false;
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.state.clock.now();
      for (const record of this.records.values()) await this.advance(record, now);
    } finally {
      this.ticking = false;
    }
  }

  private async advance(record: BatchRecord, now: number): Promise<void> {
    const b = record.batch;
    if (isFinal(b.status)) return;
    const before = `${b.status}:${b.request_counts.completed}`;
    const elapsed = now - record.createdMs;
    const at = (share: number) => seconds(record.createdMs + share * record.delayMs);
    if (b.status === "cancelling") {
      await this.finish(record, now, true);
    } else if (elapsed >= 0.1 * record.delayMs && record.invalid) {
      b.status = "failed";
      b.errors = record.invalid;
      b.failed_at = at(0.1);
    } else if (elapsed >= record.delayMs) {
      b.in_progress_at ??= at(0.1);
      b.finalizing_at ??= at(0.8);
      await this.finish(record, now, false);
    } else if (elapsed >= 0.8 * record.delayMs) {
      b.status = "finalizing";
      b.in_progress_at ??= at(0.1);
      b.finalizing_at ??= at(0.8);
      b.request_counts = { total: record.lines.length, completed: record.lines.length, failed: 0 };
    } else if (elapsed >= 0.1 * record.delayMs) {
      b.status = "in_progress";
      b.in_progress_at ??= at(0.1);
      const share = (elapsed - 0.1 * record.delayMs) / (0.7 * record.delayMs);
      b.request_counts = {
        total: record.lines.length,
        completed: Math.floor(share * record.lines.length),
        failed: 0,
      };
    }
    if (
      `${b.status}:${b.request_counts.completed}` !== before &&
      (isFinal(b.status) || b.status !== "in_progress")
    )
      await this.save(record);
  }

  /** Answers the rows (all, or those done so far when cancelled) and writes the result files. */
  private async finish(record: BatchRecord, now: number, cancelled: boolean): Promise<void> {
    const b = record.batch;
    const done = cancelled ? Math.min(record.lines.length, b.request_counts.completed) : record.lines.length;
    const output: string[] = [];
    const errors: string[] = [];
    for (const line of record.lines.slice(0, done)) {
      const row = this.answerRow(line, b.endpoint);
      (row.response.status_code === 200 ? output : errors).push(JSON.stringify(row));
    }
    if (output.length > 0) {
      const id = this.state.nextId("file-");
      await this.files.add(id, `${b.id}_output.jsonl`, "batch_output", Buffer.from(`${output.join("\n")}\n`));
      b.output_file_id = id;
    }
    if (errors.length > 0) {
      const id = this.state.nextId("file-");
      await this.files.add(id, `${b.id}_error.jsonl`, "batch_output", Buffer.from(`${errors.join("\n")}\n`));
      b.error_file_id = id;
    }
    b.request_counts = { total: record.lines.length, completed: output.length, failed: errors.length };
    if (cancelled) {
      b.status = "cancelled";
      b.cancelled_at = seconds(now);
    } else {
      b.status = "completed";
      b.completed_at = seconds(record.createdMs + record.delayMs);
    }
    record.lines = [];
  }

  private answerRow(line: BatchLine, endpoint: string) {
    const stats = this.state.stats.raw;
    const requestId = this.state.nextId("req_");
    const id = this.state.nextId("batch_req_");
    this.state.stats.count(stats.byEndpoint, `BATCH ${endpoint}`);
    const row = (status: number, body: unknown) => {
      this.state.stats.count(stats.byStatus, `batch ${status}`);
      return {
        id,
        custom_id: line.custom_id,
        response: { status_code: status, request_id: requestId, body },
        error: null,
      };
    };
    if (endpoint === "/v1/embeddings") {
      const parsed = embeddingRequestSchema.safeParse(line.body);
      if (!parsed.success) return row(400, errorBody(400, parsed.error.issues[0]?.message));
      if (this.drawError()) return row(500, errorBody(500));
      return row(200, embeddingResponse(parsed.data, this.state.options.embeddingDimensions));
    }
    const parsed = chatRequestSchema.safeParse(line.body);
    if (!parsed.success) return row(400, errorBody(400, parsed.error.issues[0]?.message));
    const request = parsed.data;
    const hash = promptHash(request);
    this.state.stats.count(stats.chatRequestsByPrompt, hash);
    if (this.drawError()) return row(500, errorBody(500));
    const { answers, kind } = answerRequest(this.state, this.engine(), request);
    const completion = chatCompletion(
      this.state.nextId("chatcmpl-"),
      request,
      answers,
      promptTokens(request),
      this.state.systemFingerprint,
      seconds(this.state.clock.now()),
    );
    stats.promptTokens += completion.usage.prompt_tokens;
    stats.completionTokens += completion.usage.completion_tokens;
    this.state.stats.count(stats.byPromptKind, kind);
    this.state.stats.answered(hash);
    return row(200, completion);
  }

  private drawError(): boolean {
    const rate = this.state.options.errorRate;
    if (rate > 0 && this.state.random() < rate) {
      this.state.stats.raw.serverErrors++;
      return true;
    }
    return false;
  }

  private async save(record: BatchRecord): Promise<void> {
    if (this.disk) await this.disk.write("batches", `${record.batch.id}.json`, JSON.stringify(record));
  }
}

function isFinal(status: BatchStatus): boolean {
  return status === "completed" || status === "failed" || status === "cancelled" || status === "expired";
}

/** Checks the input JSONL the way OpenAI validates it; problems name the line. */
function parseInput(
  text: string,
  endpoint: string,
): { lines: BatchLine[]; errors: NonNullable<BatchObject["errors"]>["data"] } {
  const lines: BatchLine[] = [];
  const errors: NonNullable<BatchObject["errors"]>["data"] = [];
  const seen = new Set<string>();
  const raw = text.split("\n");
  raw.forEach((line, index) => {
    if (line.trim() === "") return;
    const lineNo = index + 1;
    let json: { custom_id?: unknown; method?: unknown; url?: unknown; body?: unknown };
    try {
      json = JSON.parse(line) as typeof json;
    } catch {
      errors.push({
        code: "invalid_json_line",
        message: "This line is not parseable as valid JSON.",
        param: null,
        line: lineNo,
      });
      return;
    }
    if (typeof json.custom_id !== "string" || json.custom_id === "") {
      errors.push({
        code: "missing_required_parameter",
        message: "custom_id is required.",
        param: "custom_id",
        line: lineNo,
      });
      return;
    }
    if (seen.has(json.custom_id)) {
      errors.push({
        code: "duplicate_custom_id",
        message: `The custom_id for this request is a duplicate of another request: ${json.custom_id}.`,
        param: "custom_id",
        line: lineNo,
      });
      return;
    }
    seen.add(json.custom_id);
    if (json.method !== "POST") {
      errors.push({
        code: "invalid_request",
        message: "method must be POST.",
        param: "method",
        line: lineNo,
      });
      return;
    }
    if (json.url !== endpoint) {
      errors.push({
        code: "mismatched_url",
        message: `The url of this request (${String(json.url)}) does not match the batch endpoint ${endpoint}.`,
        param: "url",
        line: lineNo,
      });
      return;
    }
    lines.push({ custom_id: json.custom_id, body: json.body });
  });
  if (lines.length === 0 && errors.length === 0)
    errors.push({ code: "empty_file", message: "The input file is empty.", param: null, line: null });
  return { lines, errors };
}
