import http from "node:http";
import https from "node:https";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

export interface KeepAliveFetch {
  fetch: typeof fetch;
  close(): void;
}

/**
 * A fetch for the openai SDK on node:http keep-alive agents. Node's built-in fetch (undici's
 * WHATWG streams) costs about a third more CPU per request, which caps throughput at high
 * concurrency on small machines. Bodies other than text (multipart uploads) and anything
 * unusual go through the built-in fetch.
 */
export function createKeepAliveFetch(maxSockets: number): KeepAliveFetch {
  const agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets }),
    "https:": new https.Agent({ keepAlive: true, maxSockets }),
  };
  const leanFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (input instanceof Request || (init.body != null && typeof init.body !== "string")) {
      return fetch(input, init);
    }
    const url = new URL(input);
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent) return fetch(input, init);
    const transport = url.protocol === "https:" ? https : http;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    headers["accept-encoding"] ??= "gzip, deflate, br";
    return new Promise<Response>((resolve, reject) => {
      const request = transport.request(
        url,
        { method: init.method ?? "GET", headers, agent, ...(init.signal ? { signal: init.signal } : {}) },
        (response) => {
          const encoding = String(response.headers["content-encoding"] ?? "").toLowerCase();
          const decoder =
            encoding === "gzip"
              ? createGunzip()
              : encoding === "deflate"
                ? createInflate()
                : encoding === "br"
                  ? createBrotliDecompress()
                  : undefined;
          const body = decoder ? response.pipe(decoder) : response;
          const chunks: Buffer[] = [];
          body.on("data", (chunk: Buffer) => chunks.push(chunk));
          body.on("error", reject);
          response.on("error", reject);
          body.on("end", () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              if (
                value === undefined ||
                (decoder && (name === "content-encoding" || name === "content-length"))
              )
                continue;
              responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
            }
            const status = response.statusCode ?? 500;
            // Response refuses a body for these statuses.
            const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(
              new Response(payload, {
                status,
                statusText: response.statusMessage ?? "",
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      request.on("error", reject);
      request.end(init.body ?? undefined);
    });
  };
  return {
    fetch: leanFetch as typeof fetch,
    close: () => {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}
