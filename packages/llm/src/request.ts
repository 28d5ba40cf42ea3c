import { type ChatJob, type ChatParams, sha256Hex } from "@valens/core";
import type { ModelSettings } from "./config.js";

/** The chat request body as sent (minus `stream`): what the cache key covers. */
export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  /** Mistral's name for `seed` (see body-rules.ts). */
  random_seed?: number;
  response_format?: { type: "json_object" | "text" };
}

/** Builds the request body of a job, filling temperature and max tokens from the model settings. */
export function buildRequestBody(
  job: ChatJob<unknown>,
  model: string,
  settings: ModelSettings,
): ChatRequestBody {
  const params: ChatParams = { ...job.params };
  if (params.temperature === undefined && settings.temperature !== undefined) {
    params.temperature = settings.temperature;
  }
  if (params.max_tokens === undefined && settings.maxTokens !== undefined)
    params.max_tokens = settings.maxTokens;
  const body: ChatRequestBody = {
    model,
    messages: job.messages.map((m) => ({ role: m.role, content: m.content })),
  };
  // Only known sampling fields, in a fixed order, so equal requests hash equally.
  if (params.temperature !== undefined) body.temperature = params.temperature;
  if (params.top_p !== undefined) body.top_p = params.top_p;
  if (params.max_tokens !== undefined) body.max_tokens = params.max_tokens;
  if (params.seed !== undefined) body.seed = params.seed;
  if (params.response_format !== undefined) body.response_format = { type: params.response_format.type };
  return body;
}

/** Deterministic JSON: object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    }
    return v;
  });
}

/**
 * Cache key: sha256 over base URL, model, the full request body and the sample index, so
 * repeated samples of one prompt are distinct entries. The API key is never part of it.
 */
export function requestKey(baseUrl: string, body: ChatRequestBody, sample: number): string {
  return sha256Hex(
    canonicalJson({ v: 1, baseUrl: baseUrl.replace(/\/+$/, ""), model: body.model, body, sample }),
  );
}

/** Cache key of an embeddings request (a distinct namespace from chat requests). */
export function embeddingKey(baseUrl: string, model: string, input: readonly string[]): string {
  return sha256Hex(
    canonicalJson({ v: 1, endpoint: "embeddings", baseUrl: baseUrl.replace(/\/+$/, ""), model, input }),
  );
}
