import type { ValensError } from "@valens/core";
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { AuthError, ProviderError } from "./errors.js";
import { retryAfterMs } from "./rate-headers.js";
import { redactSecrets } from "./redact.js";

export type Classified =
  | {
      kind: "transient";
      reason: string;
      rateLimited: boolean;
      retryAfterMs: number | undefined;
      headers?: Headers;
    }
  | { kind: "permanent"; error: ValensError }
  | { kind: "aborted" };

export interface ClassifyContext {
  baseUrl: string;
  model: string;
  apiKeyEnv: string | null;
  secrets: readonly (string | undefined)[];
}

/** A response the server sent but that is not a chat completion (garbled or truncated body). */
export class MalformedResponseError extends Error {
  override readonly name = "MalformedResponseError";
  readonly raw: string;
  constructor(message: string, raw: string) {
    super(message);
    this.raw = raw;
  }
}

function errorMessage(error: APIError, context: ClassifyContext): string {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === "string" ? body.message : error.message;
  return redactSecrets(text, context.secrets).slice(0, 300);
}

/**
 * Sorts a failed call into transient (retry with backoff), permanent (stop the run now) or
 * aborted. Uses the SDK's error classes; `insufficient_quota` arrives as 429 but is permanent.
 */
export function classifyError(error: unknown, context: ClassifyContext): Classified {
  if (error instanceof APIUserAbortError) return { kind: "aborted" };
  if (error instanceof APIConnectionTimeoutError) {
    return { kind: "transient", reason: "timeout", rateLimited: false, retryAfterMs: undefined };
  }
  if (error instanceof APIConnectionError) {
    const cause = (error.cause as { code?: string; cause?: { code?: string } } | undefined) ?? {};
    const code = cause.code ?? cause.cause?.code ?? "connection error";
    return { kind: "transient", reason: String(code), rateLimited: false, retryAfterMs: undefined };
  }
  if (error instanceof MalformedResponseError) {
    return { kind: "transient", reason: "malformed response", rateLimited: false, retryAfterMs: undefined };
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const headers = error.headers as Headers | undefined;
    const code = error.code ?? (error.error as { code?: string } | undefined)?.code ?? error.type;
    const where = `${context.baseUrl}, model ${context.model}`;
    if (status === 429 && (code === "insufficient_quota" || error.type === "insufficient_quota")) {
      return {
        kind: "permanent",
        error: new ProviderError(`The provider reports insufficient quota (${where})`, status, {
          hint: "Add credit or raise the quota of this account, then rerun; answers received so far are saved",
        }),
      };
    }
    if (status === 429) {
      return {
        kind: "transient",
        reason: "429",
        rateLimited: true,
        retryAfterMs: retryAfterMs(headers),
        ...(headers ? { headers } : {}),
      };
    }
    if (status === 408 || status === 409 || status >= 500) {
      return {
        kind: "transient",
        reason: String(status),
        rateLimited: false,
        retryAfterMs: retryAfterMs(headers),
      };
    }
    const message = errorMessage(error, context);
    if (status === 401 || status === 403) {
      return {
        kind: "permanent",
        error: new AuthError(`${where} refused the API key (${status}: ${message})`, status, {
          hint:
            context.apiKeyEnv === null
              ? "Check the key this endpoint expects"
              : `Check the key in ${context.apiKeyEnv} and that it may use this model`,
        }),
      };
    }
    if (status === 404) {
      return {
        kind: "permanent",
        error: new ProviderError(`Not found at ${where} (404: ${message})`, status, {
          hint: "Check the model name and the base URL (it usually ends in /v1)",
        }),
      };
    }
    return {
      kind: "permanent",
      error: new ProviderError(`The request was rejected by ${where} (${status}: ${message})`, status, {
        hint: "Check the request parameters for this model",
      }),
    };
  }
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) {
    return { kind: "aborted" };
  }
  // Resets surfaced outside the SDK's wrapper.
  const code = (error as { code?: string } | undefined)?.code;
  if (code === "ECONNRESET" || code === "ECONNREFUSED" || code === "EPIPE" || code === "UND_ERR_SOCKET") {
    return { kind: "transient", reason: code, rateLimited: false, retryAfterMs: undefined };
  }
  throw error;
}
