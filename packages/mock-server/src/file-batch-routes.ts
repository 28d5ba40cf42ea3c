import type { IncomingMessage, ServerResponse } from "node:http";
import { describeZodIssue } from "@valens/core";
import { z } from "zod";
import { type BatchStore, batchEndpoints } from "./batches.js";
import { type FileStore, filePurposes } from "./files.js";
import { errorBody, readBody, sendJson } from "./http-util.js";
import type { MockState } from "./state.js";

const uploadLimit = 512 * 1024 * 1024;

const batchCreateSchema = z.looseObject({
  input_file_id: z.string().min(1),
  endpoint: z.string().min(1),
  completion_window: z.string().min(1),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
});

export interface FileBatchContext {
  state: MockState;
  files: FileStore;
  batches: BatchStore;
}

interface Route {
  method: string;
  /** ["v1", "files" | "batches", id?, "content" | "cancel"?] */
  parts: string[];
  /** The decoded id segment, if any. */
  id: string | undefined;
  query: URLSearchParams;
  req: IncomingMessage;
  res: ServerResponse;
  /** Counts the request under its endpoint pattern. */
  count(key: string): void;
}

/** /v1/files and /v1/batches; returns false when the route is not one of them. */
export async function handleFilesAndBatches(
  ctx: FileBatchContext,
  method: string,
  path: string,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const parts = path.split("/").filter(Boolean);
  const route: Route = {
    method,
    parts,
    id: parts[2] === undefined ? undefined : decodeURIComponent(parts[2]),
    query,
    req,
    res,
    count: (key) => ctx.state.stats.count(ctx.state.stats.raw.byEndpoint, key),
  };
  if (parts[1] === "files") return fileRoute(ctx, route);
  if (parts[1] === "batches") return batchRoute(ctx, route);
  return false;
}

async function fileRoute(ctx: FileBatchContext, r: Route): Promise<boolean> {
  const { method, parts, id, res } = r;
  if (method === "POST" && parts.length === 2) {
    r.count("POST /v1/files");
    await upload(ctx, r.req, res);
    return true;
  }
  if (method === "GET" && parts.length === 2) {
    r.count("GET /v1/files");
    sendJson(res, 200, page(ctx.files.list(r.query.get("purpose") ?? undefined), r.query));
    return true;
  }
  if (id === undefined) return false;
  const file = ctx.files.get(id);
  const missing = () =>
    sendJson(res, 404, errorBody(404, `No such File object: ${id}`, "invalid_request_error", null, "id"));
  if (method === "GET" && parts.length === 3) {
    r.count("GET /v1/files/{id}");
    file ? sendJson(res, 200, file.meta) : missing();
    return true;
  }
  if (method === "GET" && parts.length === 4 && parts[3] === "content") {
    r.count("GET /v1/files/{id}/content");
    if (!file) missing();
    else {
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": file.content.length,
      });
      res.end(file.content);
    }
    return true;
  }
  if (method === "DELETE" && parts.length === 3) {
    r.count("DELETE /v1/files/{id}");
    if (!file) missing();
    else {
      await ctx.files.delete(id);
      sendJson(res, 200, { id, object: "file", deleted: true });
    }
    return true;
  }
  return false;
}

async function batchRoute(ctx: FileBatchContext, r: Route): Promise<boolean> {
  const { method, parts, id, res } = r;
  if (method === "POST" && parts.length === 2) {
    r.count("POST /v1/batches");
    await createBatch(ctx, r.req, res);
    return true;
  }
  if (method === "GET" && parts.length === 2) {
    r.count("GET /v1/batches");
    sendJson(res, 200, page(await ctx.batches.list(), r.query));
    return true;
  }
  if (id === undefined) return false;
  const missing = () =>
    sendJson(
      res,
      404,
      errorBody(404, `No batch found with id '${id}'.`, "invalid_request_error", null, "id"),
    );
  if (method === "GET" && parts.length === 3) {
    r.count("GET /v1/batches/{id}");
    const batch = await ctx.batches.get(id);
    batch ? sendJson(res, 200, batch) : missing();
    return true;
  }
  if (method === "POST" && parts.length === 4 && parts[3] === "cancel") {
    r.count("POST /v1/batches/{id}/cancel");
    await readBody(r.req, uploadLimit);
    const result = await ctx.batches.cancel(id);
    if (result === "not-found") missing();
    else if (result === "final")
      sendJson(res, 400, errorBody(400, `Batch ${id} is already finished and cannot be cancelled.`));
    else sendJson(res, 200, result);
    return true;
  }
  return false;
}

/** OpenAI's cursor page: newest first, `limit` and `after`. */
function page<T extends { id: string }>(items: T[], query: URLSearchParams) {
  const limit = Math.min(10_000, Math.max(1, Number(query.get("limit") ?? 20) || 20));
  const after = query.get("after");
  const start = after ? items.findIndex((i) => i.id === after) + 1 : 0;
  const data = items.slice(start, start + limit);
  return {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + limit < items.length,
  };
}

async function upload(ctx: FileBatchContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req, uploadLimit);
  const contentType = req.headers["content-type"] ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    sendJson(
      res,
      400,
      errorBody(400, "Uploads must be multipart/form-data with 'file' and 'purpose' fields (mock)."),
    );
    return;
  }
  let form: FormData;
  try {
    // A copy typed as a plain ArrayBuffer view, which every BodyInit (Node or DOM lib) accepts.
    form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    sendJson(res, 400, errorBody(400, `Could not read the multipart body: ${(error as Error).message}`));
    return;
  }
  const file = form.get("file");
  const purpose = form.get("purpose");
  if (!(file instanceof Blob)) {
    sendJson(res, 400, errorBody(400, "Missing the 'file' field.", "invalid_request_error", null, "file"));
    return;
  }
  if (typeof purpose !== "string" || !filePurposes.includes(purpose)) {
    sendJson(
      res,
      400,
      errorBody(
        400,
        `'purpose' must be one of ${filePurposes.join(", ")}.`,
        "invalid_request_error",
        null,
        "purpose",
      ),
    );
    return;
  }
  const name = "name" in file && typeof file.name === "string" ? file.name : "upload.jsonl";
  const meta = await ctx.files.add(
    ctx.state.nextId("file-"),
    name,
    purpose,
    Buffer.from(await file.arrayBuffer()),
  );
  sendJson(res, 200, meta);
}

async function createBatch(ctx: FileBatchContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse((await readBody(req, uploadLimit)).toString("utf8"));
  } catch {
    sendJson(res, 400, errorBody(400, "We could not parse the JSON body of your request (mock)."));
    return;
  }
  const parsed = batchCreateSchema.safeParse(json);
  if (!parsed.success) {
    sendJson(res, 400, errorBody(400, `Invalid batch request: ${describeZodIssue(parsed.error, "")}`));
    return;
  }
  const { input_file_id, endpoint, completion_window, metadata } = parsed.data;
  if (!(batchEndpoints as readonly string[]).includes(endpoint)) {
    sendJson(
      res,
      400,
      errorBody(
        400,
        `The mock runs batches for ${batchEndpoints.join(" and ")}, not ${endpoint}.`,
        "invalid_request_error",
        null,
        "endpoint",
      ),
    );
    return;
  }
  if (completion_window !== "24h") {
    sendJson(
      res,
      400,
      errorBody(400, "completion_window must be '24h'.", "invalid_request_error", null, "completion_window"),
    );
    return;
  }
  const file = ctx.files.get(input_file_id);
  if (!file) {
    sendJson(
      res,
      404,
      errorBody(404, `No such File object: ${input_file_id}`, "invalid_request_error", null, "input_file_id"),
    );
    return;
  }
  if (file.meta.purpose !== "batch") {
    sendJson(
      res,
      400,
      errorBody(
        400,
        `File ${input_file_id} has purpose '${file.meta.purpose}', not 'batch'.`,
        "invalid_request_error",
        null,
        "input_file_id",
      ),
    );
    return;
  }
  const batch = await ctx.batches.create({
    inputFileId: input_file_id,
    endpoint,
    completionWindow: completion_window,
    metadata: metadata ?? null,
  });
  sendJson(res, 200, batch);
}
