import type { IncomingMessage, ServerResponse } from "node:http";

/** Too large a body: answered with 413. */
export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BodyTooLargeError(`Request body exceeds ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Error bodies shaped like OpenAI's, with its usual type and code for each status. */
export function errorBody(
  status: number,
  message?: string,
  type?: string,
  code?: string | null,
  param: string | null = null,
): OpenAiErrorBody {
  const defaults = defaultError(status);
  return {
    error: {
      message: message ?? defaults.message,
      type: type ?? defaults.type,
      param,
      code: code === undefined ? defaults.code : code,
    },
  };
}

function defaultError(status: number): { message: string; type: string; code: string | null } {
  switch (status) {
    case 400:
      return { message: "Invalid request (mock).", type: "invalid_request_error", code: null };
    case 401:
      return {
        message:
          "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
        type: "invalid_request_error",
        code: "invalid_api_key",
      };
    case 403:
      return {
        message: "You are not allowed to sample from this model (mock).",
        type: "invalid_request_error",
        code: "model_not_allowed",
      };
    case 404:
      return {
        message: "The model does not exist or you do not have access to it (mock).",
        type: "invalid_request_error",
        code: "model_not_found",
      };
    case 429:
      return {
        message: "You exceeded your current quota, please check your plan and billing details (mock).",
        type: "insufficient_quota",
        code: "insufficient_quota",
      };
    case 503:
      return { message: "The server is overloaded (mock).", type: "server_error", code: null };
    default:
      return status >= 500
        ? {
            message: "The server had an error while processing your request (mock).",
            type: "server_error",
            code: null,
          }
        : {
            message: `Request failed with status ${status} (mock).`,
            type: "invalid_request_error",
            code: null,
          };
  }
}

/** Path without query string, and the query parameters. */
export function splitUrl(url: string | undefined): { path: string; query: URLSearchParams } {
  const raw = url ?? "/";
  const q = raw.indexOf("?");
  return q < 0
    ? { path: raw, query: new URLSearchParams() }
    : { path: raw.slice(0, q), query: new URLSearchParams(raw.slice(q + 1)) };
}
