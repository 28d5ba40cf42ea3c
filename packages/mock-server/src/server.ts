import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import type { Clock } from "@valens/core";
import { firstZodIssue, InputError } from "@valens/core";
import type { z } from "zod";
import { answerRequest } from "./answer-request.js";
import type { AnswerEngine } from "./answers.js";
import { BatchStore } from "./batches.js";
import { type ChatRequest, chatRequestSchema, promptHash, promptTokens } from "./chat-request.js";
import { chatCompletion } from "./completion.js";
import { embeddingRequestSchema, embeddingResponse } from "./embeddings.js";
import { createAnswerEngine } from "./engine-factory.js";
import { type FileBatchContext, handleFilesAndBatches } from "./file-batch-routes.js";
import { FileStore } from "./files.js";
import { BodyTooLargeError, errorBody, readBody, sendJson, splitUrl } from "./http-util.js";
import type { MockServerOptions, ResolvedMockOptions } from "./options.js";
import { StateDir } from "./persistence.js";
import type { Persona } from "./persona.js";
import { formatResetDuration } from "./rate-limiter.js";
import { MockState, parseOptions } from "./state.js";
import type { MockStats } from "./stats.js";

export interface MockServer {
  /** "http://127.0.0.1:<port>/v1": give it to the client as its base URL. */
  readonly baseUrl: string;
  readonly port: number;
  /** A copy of the counters. */
  stats(): MockStats;
  resetStats(): void;
  /** Changes options while running (latency, rates, rpm, persona, ...). */
  setOptions(partial: Partial<MockServerOptions>): Promise<void>;
  /** The options in force, defaults filled in. */
  options(): ResolvedMockOptions;
  /** The persona answering task prompts: lets tests compute the answers they expect. */
  persona(): Persona;
  close(): Promise<void>;
}

const jsonLimit = 32 * 1024 * 1024;

/** What cannot be an option (options are JSON): the clock batches and the rate limiter run on. */
export interface MockServerDeps {
  clock?: Clock;
}

export async function startMockServer(
  options: MockServerOptions = {},
  deps: MockServerDeps = {},
): Promise<MockServer> {
  const state = new MockState(options, deps.clock);
  let engine = await createAnswerEngine(state.options);
  const disk = state.options.stateDir === undefined ? undefined : new StateDir(state.options.stateDir);
  await disk?.init();
  const files = new FileStore(disk);
  const batches = new BatchStore(state, files, () => engine, disk);
  await files.load();
  await batches.load();
  const fileBatch: FileBatchContext = { state, files, batches };
  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    handle(state, engine, fileBatch, req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, errorBody(413, error.message));
        return;
      }
      sendJson(res, 500, errorBody(500, `Mock server bug: ${String(error)}`));
    });
  });
  const port = await listen(server, state.options.port, state.options.host);
  const host = state.options.host.includes(":") ? `[${state.options.host}]` : state.options.host;
  const baseUrl = `http://${host}:${port}/v1`;
  return {
    baseUrl,
    port,
    stats: () => state.stats.snapshot(),
    resetStats: () => state.stats.reset(),
    setOptions: async (partial) => {
      // Validate and load persona, dataset and template files before changing anything.
      const before = state.options;
      const after = parseOptions({ ...state.input, ...partial });
      const next =
        before.seed !== after.seed || "persona" in partial || "dataset" in partial || "templates" in partial
          ? await createAnswerEngine(after)
          : engine;
      state.update(partial);
      engine = next;
    },
    options: () => state.options,
    persona: () => engine.persona,
    close: async () => {
      batches.close();
      await closeServer(server);
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE" || error.code === "EACCES"
          ? new InputError(`Cannot listen on ${host}:${port} (${error.code})`, {
              hint: "Pick another port, or use port 0 for a free one",
              cause: error,
            })
          : error.code === "ENOTFOUND" || error.code === "EAI_AGAIN" || error.code === "EADDRNOTAVAIL"
            ? new InputError(
                `Cannot listen on ${host}: it is not an address of this machine (${error.code})`,
                {
                  hint: "Use --host 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)",
                  cause: error,
                },
              )
            : error,
      );
    });
    server.listen(port, host, () => {
      server.removeAllListeners("error");
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

async function handle(
  state: MockState,
  engine: AnswerEngine,
  fileBatch: FileBatchContext,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const { path, query } = splitUrl(req.url);
  const method = req.method ?? "GET";
  const stats = state.stats.raw;
  stats.requests++;
  res.setHeader("x-request-id", `req_${state.nextId("")}`);
  res.setHeader("openai-version", "2020-10-01");
  res.on("finish", () => state.stats.count(stats.byStatus, String(res.statusCode)));

  if (path.startsWith("/mock/")) {
    state.stats.count(stats.byEndpoint, `${method} ${path}`);
    return handleControl(state, method, path, res);
  }
  if (!path.startsWith("/v1/")) return notFound(state, method, path, res);

  if (state.options.requireApiKey !== undefined) {
    const auth = req.headers.authorization ?? "";
    if (auth !== `Bearer ${state.options.requireApiKey}`) {
      stats.unauthorized++;
      state.stats.count(stats.byEndpoint, `${method} ${path}`);
      await readBody(req, jsonLimit).catch(() => undefined);
      return sendJson(res, 401, errorBody(401));
    }
  }

  if (method === "POST" && path === "/v1/chat/completions") {
    state.stats.count(stats.byEndpoint, "POST /v1/chat/completions");
    return handleChat(state, engine, req, res);
  }
  if (method === "POST" && path === "/v1/embeddings") {
    state.stats.count(stats.byEndpoint, "POST /v1/embeddings");
    return handleEmbeddings(state, req, res);
  }
  if (method === "GET" && path === "/v1/models") {
    state.stats.count(stats.byEndpoint, "GET /v1/models");
    return sendJson(res, 200, { object: "list", data: state.options.models.map((id) => modelObject(id)) });
  }
  if (method === "GET" && path.startsWith("/v1/models/")) {
    state.stats.count(stats.byEndpoint, "GET /v1/models/{model}");
    return sendJson(res, 200, modelObject(decodeURIComponent(path.slice("/v1/models/".length))));
  }
  if (await handleFilesAndBatches(fileBatch, method, path, query, req, res)) return;
  return notFound(state, method, path, res);
}

function notFound(state: MockState, method: string, path: string, res: ServerResponse): void {
  state.stats.count(state.stats.raw.byEndpoint, "unknown");
  sendJson(
    res,
    404,
    errorBody(
      404,
      `Unknown request URL: ${method} ${path}. Please check the URL (mock).`,
      "invalid_request_error",
      "unknown_url",
    ),
  );
}

function modelObject(id: string) {
  return { id, object: "model", created: 1_700_000_000, owned_by: "valens-mock" };
}

async function handleControl(state: MockState, method: string, path: string, res: ServerResponse) {
  if (method === "GET" && path === "/mock/stats") return sendJson(res, 200, state.stats.snapshot());
  if (method === "GET" && path === "/mock/health") return sendJson(res, 200, { ok: true });
  if (method === "POST" && path === "/mock/reset") {
    state.stats.reset();
    return sendJson(res, 200, { ok: true });
  }
  return sendJson(
    res,
    404,
    errorBody(404, `Unknown mock control URL: ${method} ${path}`, "invalid_request_error", "unknown_url"),
  );
}

/**
 * What every model request (chat, embeddings) goes through: rpm limit, forced failures, then
 * after the latency an injected drop or 500. Returns false when it already answered.
 */
async function modelGate(state: MockState, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const o = state.options;
  const stats = state.stats.raw;
  if (state.bucket) {
    const decision = state.bucket.take(state.clock.now());
    res.setHeader("x-ratelimit-limit-requests", String(state.bucket.rpm));
    res.setHeader("x-ratelimit-remaining-requests", String(decision.remaining));
    res.setHeader("x-ratelimit-reset-requests", formatResetDuration(decision.resetMs));
    if (!decision.ok) {
      stats.rateLimited++;
      sendJson(
        res,
        429,
        errorBody(
          429,
          `Rate limit reached for requests: limit ${state.bucket.rpm} per min (mock). Please try again in ${formatResetDuration(decision.retryAfterMs)}.`,
          "requests",
          "rate_limit_exceeded",
        ),
        {
          "retry-after": String(Math.ceil(decision.retryAfterMs / 1000)),
          "retry-after-ms": String(decision.retryAfterMs),
        },
      );
      return false;
    }
  }
  const fail = o.failStatus;
  if (fail && (state.failRemaining === undefined || state.failRemaining > 0)) {
    if (state.failRemaining !== undefined) state.failRemaining--;
    stats.forcedFailures++;
    sendJson(res, fail.status, errorBody(fail.status, fail.message, fail.type, fail.code));
    return false;
  }
  const drop = o.dropRate > 0 && state.random() < o.dropRate;
  const error = !drop && o.errorRate > 0 && state.random() < o.errorRate;
  if (o.latencyMs > 0) await delay(o.latencyMs);
  if (drop) {
    stats.dropped++;
    req.socket.destroy();
    return false;
  }
  if (error) {
    stats.serverErrors++;
    sendJson(res, 500, errorBody(500));
    return false;
  }
  res.setHeader("openai-processing-ms", String(Math.round(o.latencyMs)));
  return true;
}

function parseJsonBody(body: Buffer, res: ServerResponse): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    sendJson(
      res,
      400,
      errorBody(
        400,
        "We could not parse the JSON body of your request (mock).",
        "invalid_request_error",
        null,
      ),
    );
    return undefined;
  }
}

function zodProblem(error: z.ZodError) {
  const { path: param, message } = firstZodIssue(error, "");
  return { message: `Invalid request: ${param ? `'${param}': ` : ""}${message} (mock).`, param };
}

async function handleChat(state: MockState, engine: AnswerEngine, req: IncomingMessage, res: ServerResponse) {
  const body = parseJsonBody(await readBody(req, jsonLimit), res);
  if (body === undefined) return;
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const { message, param } = zodProblem(parsed.error);
    return sendJson(res, 400, errorBody(400, message, "invalid_request_error", null, param || null));
  }
  const request = parsed.data;
  const stats = state.stats.raw;
  const hash = promptHash(request);
  state.stats.count(stats.chatRequestsByPrompt, hash);
  if (!(await modelGate(state, req, res))) return;
  const { answers, kind } = answerRequest(state, engine, request);
  const promptTokenCount = promptTokens(request);
  const completion = chatCompletion(
    state.nextId("chatcmpl-"),
    request,
    answers,
    promptTokenCount,
    state.systemFingerprint,
    Math.floor(Date.now() / 1000),
  );
  stats.promptTokens += completion.usage.prompt_tokens;
  stats.completionTokens += completion.usage.completion_tokens;
  state.stats.count(stats.byPromptKind, kind);
  state.stats.answered(hash);
  if (request.stream) return sendStream(res, completion, request);
  sendJson(res, 200, completion);
}

/** Server-sent events as OpenAI streams them: role, content, finish, optional usage, [DONE]. */
function sendStream(
  res: ServerResponse,
  completion: ReturnType<typeof chatCompletion>,
  request: ChatRequest,
): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const base = {
    id: completion.id,
    object: "chat.completion.chunk",
    created: completion.created,
    model: completion.model,
    system_fingerprint: completion.system_fingerprint,
  };
  const write = (chunk: unknown) => res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  for (const choice of completion.choices) {
    write({
      ...base,
      choices: [{ index: choice.index, delta: { role: "assistant", content: "" }, finish_reason: null }],
    });
    write({
      ...base,
      choices: [{ index: choice.index, delta: { content: choice.message.content }, finish_reason: null }],
    });
    write({ ...base, choices: [{ index: choice.index, delta: {}, finish_reason: choice.finish_reason }] });
  }
  if (request.stream_options?.include_usage) write({ ...base, choices: [], usage: completion.usage });
  res.end("data: [DONE]\n\n");
}

async function handleEmbeddings(state: MockState, req: IncomingMessage, res: ServerResponse) {
  const body = parseJsonBody(await readBody(req, jsonLimit), res);
  if (body === undefined) return;
  const parsed = embeddingRequestSchema.safeParse(body);
  if (!parsed.success) {
    const { message, param } = zodProblem(parsed.error);
    return sendJson(res, 400, errorBody(400, message, "invalid_request_error", null, param || null));
  }
  if (!(await modelGate(state, req, res))) return;
  const response = embeddingResponse(parsed.data, state.options.embeddingDimensions);
  state.stats.raw.embeddingInputs += response.data.length;
  state.stats.raw.promptTokens += response.usage.prompt_tokens;
  sendJson(res, 200, response);
}
