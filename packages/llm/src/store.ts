import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError } from "@valens/core";
import Database from "better-sqlite3";
import type { ParsedCompletion } from "./completion.js";

/** Default store location: $VALENS_CACHE_DIR/store.sqlite, else .valens-cache/store.sqlite in cwd. */
export function defaultStorePath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const dir = env.VALENS_CACHE_DIR;
  return dir ? resolve(dir, "store.sqlite") : resolve(".valens-cache", "store.sqlite");
}

export interface StoredResponse {
  key: string;
  baseUrl: string;
  model: string;
  sample: number;
  requestJson: string;
  text: string;
  promptTokens: number;
  completionTokens: number;
  servedModel: string | null;
  systemFingerprint: string | null;
  finishReason: string | null;
  /** "live" or "batch" (batch answers are billed at batch prices). */
  source: "live" | "batch";
  createdAt: number;
}

/** The stored form of an answer to one request: what the store keeps, whichever way it arrived. */
export function storedResponse(
  request: Pick<StoredResponse, "key" | "baseUrl" | "model" | "sample" | "requestJson">,
  answer: ParsedCompletion,
  source: StoredResponse["source"],
): StoredResponse {
  return {
    ...request,
    text: answer.text,
    promptTokens: answer.promptTokens,
    completionTokens: answer.completionTokens,
    servedModel: answer.servedModel,
    systemFingerprint: answer.systemFingerprint,
    finishReason: answer.finishReason,
    source,
    createdAt: Date.now(),
  };
}

export type BatchStatus = "prepared" | "uploaded" | "submitted" | "collected" | "failed";

export interface StoredBatch {
  groupId: string;
  baseUrl: string;
  model: string;
  inputFileId: string | null;
  batchId: string | null;
  status: BatchStatus;
  requestCount: number;
  createdAt: number;
  updatedAt: number;
}

export interface StoredBatchItem {
  groupId: string;
  customId: string;
  key: string;
  sample: number;
  requestJson: string;
}

export interface CacheGroup {
  baseUrl: string;
  model: string;
  entries: number;
  bytes: number;
  oldest: number;
  newest: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS responses (
  key TEXT PRIMARY KEY,
  base_url TEXT NOT NULL,
  model TEXT NOT NULL,
  sample INTEGER NOT NULL,
  request_json TEXT NOT NULL,
  response_text TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  served_model TEXT,
  system_fingerprint TEXT,
  finish_reason TEXT,
  source TEXT NOT NULL DEFAULT 'live',
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS responses_model ON responses (base_url, model, created_at);
CREATE TABLE IF NOT EXISTS batches (
  group_id TEXT PRIMARY KEY,
  base_url TEXT NOT NULL,
  model TEXT NOT NULL,
  input_file_id TEXT,
  batch_id TEXT,
  status TEXT NOT NULL,
  request_count INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS batch_items (
  group_id TEXT NOT NULL REFERENCES batches (group_id) ON DELETE CASCADE,
  custom_id TEXT NOT NULL,
  key TEXT NOT NULL,
  sample INTEGER NOT NULL,
  request_json TEXT NOT NULL,
  PRIMARY KEY (group_id, custom_id)
);
CREATE INDEX IF NOT EXISTS batch_items_key ON batch_items (key);
`;

const STORE_VERSION = "1";

/**
 * One SQLite file that is both the response cache and the resume journal. Each answer is
 * committed the moment it arrives (WAL, synchronous=NORMAL: survives a killed process); errors
 * are never written; INSERT OR REPLACE on the key makes resumes idempotent. Holds no API key.
 */
export class ResponseStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(path: string, options: { create?: boolean } = {}) {
    this.path = path === ":memory:" ? path : resolve(path);
    this.db = openStore(this.path, options.create ?? true);
    this.stmts = {
      get: this.db.prepare("SELECT * FROM responses WHERE key = ?"),
      put: this.db.prepare(`INSERT OR REPLACE INTO responses
        (key, base_url, model, sample, request_json, response_text, prompt_tokens, completion_tokens,
         served_model, system_fingerprint, finish_reason, source, created_at)
        VALUES (@key, @baseUrl, @model, @sample, @requestJson, @text, @promptTokens, @completionTokens,
         @servedModel, @systemFingerprint, @finishReason, @source, @createdAt)`),
      meanCompletion: this.db.prepare(
        "SELECT AVG(completion_tokens) AS mean, COUNT(*) AS n FROM responses WHERE base_url = ? AND model = ?",
      ),
      insertBatch: this.db.prepare(`INSERT INTO batches
        (group_id, base_url, model, input_file_id, batch_id, status, request_count, created_at, updated_at)
        VALUES (@groupId, @baseUrl, @model, NULL, NULL, 'prepared', @requestCount, @createdAt, @createdAt)`),
      insertItem:
        this.db.prepare(`INSERT OR IGNORE INTO batch_items (group_id, custom_id, key, sample, request_json)
        VALUES (@groupId, @customId, @key, @sample, @requestJson)`),
      updateBatch: this.db.prepare(`UPDATE batches SET input_file_id = COALESCE(@inputFileId, input_file_id),
        batch_id = COALESCE(@batchId, batch_id), status = @status, updated_at = @updatedAt WHERE group_id = @groupId`),
      openBatches: this.db.prepare(
        "SELECT * FROM batches WHERE base_url = ? AND model = ? AND status NOT IN ('collected', 'failed') ORDER BY created_at",
      ),
      items: this.db.prepare("SELECT * FROM batch_items WHERE group_id = ?"),
      deleteBatch: this.db.prepare("DELETE FROM batches WHERE group_id = ?"),
    };
  }

  get(key: string): StoredResponse | undefined {
    const row = this.stmts.get.get(key) as Record<string, unknown> | undefined;
    return row === undefined ? undefined : toResponse(row);
  }

  /** Commits one answer now (its own transaction). */
  put(response: StoredResponse): void {
    this.stmts.put.run(response);
  }

  putMany(responses: readonly StoredResponse[]): void {
    this.db.transaction((rows: readonly StoredResponse[]) => {
      for (const row of rows) this.stmts.put.run(row);
    })(responses);
  }

  /** Mean completion tokens of the cached answers of a model, for dry-run estimates. */
  meanCompletionTokens(baseUrl: string, model: string): number | null {
    const row = this.stmts.meanCompletion.get(baseUrl, model) as { mean: number | null; n: number };
    return row.n > 0 && row.mean !== null ? row.mean : null;
  }

  /** Saves a batch group and its custom_id -> request mapping before anything is uploaded. */
  prepareBatch(
    batch: { groupId: string; baseUrl: string; model: string },
    items: readonly StoredBatchItem[],
  ): void {
    this.db.transaction(() => {
      this.stmts.insertBatch.run({ ...batch, requestCount: items.length, createdAt: Date.now() });
      for (const item of items) this.stmts.insertItem.run(item);
    })();
  }

  updateBatch(
    groupId: string,
    update: { status: BatchStatus; inputFileId?: string; batchId?: string },
  ): void {
    this.stmts.updateBatch.run({
      groupId,
      status: update.status,
      inputFileId: update.inputFileId ?? null,
      batchId: update.batchId ?? null,
      updatedAt: Date.now(),
    });
  }

  deleteBatch(groupId: string): void {
    this.stmts.deleteBatch.run(groupId);
  }

  /** Batches of this endpoint and model not yet collected: a restarted run continues them. */
  openBatches(baseUrl: string, model: string): StoredBatch[] {
    return (this.stmts.openBatches.all(baseUrl, model) as Record<string, unknown>[]).map((row) => ({
      groupId: row.group_id as string,
      baseUrl: row.base_url as string,
      model: row.model as string,
      inputFileId: (row.input_file_id as string | null) ?? null,
      batchId: (row.batch_id as string | null) ?? null,
      status: row.status as BatchStatus,
      requestCount: row.request_count as number,
      createdAt: row.created_at as number,
      updatedAt: row.updated_at as number,
    }));
  }

  batchItems(groupId: string): StoredBatchItem[] {
    return (this.stmts.items.all(groupId) as Record<string, unknown>[]).map((row) => ({
      groupId: row.group_id as string,
      customId: row.custom_id as string,
      key: row.key as string,
      sample: row.sample as number,
      requestJson: row.request_json as string,
    }));
  }

  /** Entries per (base URL, model) for `valens cache ls`. */
  groups(): CacheGroup[] {
    return (
      this.db
        .prepare(`SELECT base_url, model, COUNT(*) AS entries,
          SUM(LENGTH(request_json) + LENGTH(response_text)) AS bytes,
          MIN(created_at) AS oldest, MAX(created_at) AS newest
          FROM responses GROUP BY base_url, model ORDER BY base_url, model`)
        .all() as Record<string, number | string>[]
    ).map((row) => ({
      baseUrl: row.base_url as string,
      model: row.model as string,
      entries: row.entries as number,
      bytes: row.bytes as number,
      oldest: row.oldest as number,
      newest: row.newest as number,
    }));
  }

  /** Every stored answer's text by request key. */
  answerTexts(): Map<string, string> {
    const rows = this.db.prepare("SELECT key, response_text FROM responses").all() as {
      key: string;
      response_text: string;
    }[];
    return new Map(rows.map((row) => [row.key, row.response_text]));
  }

  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM responses").get() as { n: number }).n;
  }

  /** Deletes entries older than a time and/or of one model; returns how many. */
  prune(filter: { olderThan?: number; model?: string }): number {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.olderThan !== undefined) {
      where.push("created_at < ?");
      args.push(filter.olderThan);
    }
    if (filter.model !== undefined) {
      where.push("model = ?");
      args.push(filter.model);
    }
    if (where.length === 0) throw new Error("prune needs a filter");
    const result = this.db.prepare(`DELETE FROM responses WHERE ${where.join(" AND ")}`).run(...args);
    return result.changes;
  }

  clear(): number {
    const n = this.count();
    this.db.exec("DELETE FROM responses; DELETE FROM batch_items; DELETE FROM batches;");
    this.db.exec("VACUUM");
    return n;
  }

  /** Size on disk, WAL included. */
  sizeBytes(): number {
    if (this.path === ":memory:") return 0;
    let size = 0;
    for (const file of [this.path, `${this.path}-wal`]) {
      try {
        size += statSync(file).size;
      } catch {
        // no WAL yet
      }
    }
    return size;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Opens (or, with `create`, creates) the store; every way this fails is one line naming the file:
 * a directory, a file that is not a store, a read-only or missing location.
 */
function openStore(path: string, create: boolean): Database.Database {
  const fail = (what: string, hint: string, cause?: unknown) =>
    new InputError(`Cannot open the response store: ${what}`, { file: path, hint, cause });
  if (path !== ":memory:") {
    const info = statSafe(path);
    if (info?.isDirectory())
      throw fail("the path is a directory", "Give --store a file path, e.g. .valens-cache/store.sqlite");
    if (!info && !create) throw fail("no such file", "Check the --store path (nothing was created)");
    if (!info) {
      try {
        mkdirSync(dirname(path), { recursive: true });
      } catch (error) {
        throw fail(
          `cannot create its directory (${(error as NodeJS.ErrnoException).code ?? "error"})`,
          "Choose a writable --store or VALENS_CACHE_DIR",
          error,
        );
      }
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, create ? {} : { fileMustExist: true });
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 10000");
    db.exec(SCHEMA);
    db.prepare("INSERT OR IGNORE INTO meta (name, value) VALUES ('version', ?)").run(STORE_VERSION);
    return db;
  } catch (error) {
    db?.close();
    const e = error as { code?: string; message?: string };
    const code = e.code ?? "";
    if (
      code === "SQLITE_NOTADB" ||
      code === "SQLITE_CORRUPT" ||
      /not a database|malformed/i.test(e.message ?? "")
    )
      throw fail(
        "the file is not a valens store (damaged or another file)",
        "Point --store at another file, or move this one away and rerun",
        error,
      );
    if (
      code === "SQLITE_READONLY" ||
      code === "SQLITE_CANTOPEN" ||
      code === "SQLITE_PERM" ||
      code === "EACCES"
    )
      throw fail(
        `it cannot be written (${code})`,
        "Make its directory writable, or choose another --store or VALENS_CACHE_DIR",
        error,
      );
    if (code === "SQLITE_FULL") throw fail("the disk is full", "Free some space and rerun", error);
    throw fail(e.message ?? String(error), "Check the --store path", error);
  }
}

function statSafe(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function toResponse(row: Record<string, unknown>): StoredResponse {
  return {
    key: row.key as string,
    baseUrl: row.base_url as string,
    model: row.model as string,
    sample: row.sample as number,
    requestJson: row.request_json as string,
    text: row.response_text as string,
    promptTokens: row.prompt_tokens as number,
    completionTokens: row.completion_tokens as number,
    servedModel: (row.served_model as string | null) ?? null,
    systemFingerprint: (row.system_fingerprint as string | null) ?? null,
    finishReason: (row.finish_reason as string | null) ?? null,
    source: row.source as "live" | "batch",
    createdAt: row.created_at as number,
  };
}
