import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeepAliveFetch } from "./keep-alive-fetch.js";

let server: http.Server;
let base: string;
const seen: { method: string; body: string; contentType: string | undefined }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      seen.push({ method: req.method ?? "", body, contentType: req.headers["content-type"] });
      if (req.url === "/gzip") {
        res.writeHead(200, { "content-encoding": "gzip", "x-ratelimit-remaining-requests": "7" });
        res.end(gzipSync(JSON.stringify({ ok: true })));
      } else if (req.url === "/empty") {
        res.writeHead(204).end();
      } else if (req.url === "/slow") {
        setTimeout(() => res.end("late"), 2_000);
      } else {
        res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ echo: body }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("keep-alive fetch", () => {
  const transport = createKeepAliveFetch(4);
  afterAll(() => transport.close());

  it("sends text bodies and returns status, headers and body", async () => {
    const response = await transport.fetch(`${base}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ echo: '{"a":1}' });
  });

  it("decompresses gzip and keeps other headers", async () => {
    const response = await transport.fetch(`${base}/gzip`);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("7");
    expect(await response.json()).toEqual({ ok: true });
  });

  it("returns an empty body for 204", async () => {
    const response = await transport.fetch(`${base}/empty`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });

  it("rejects with an AbortError when the signal fires", async () => {
    const error = await transport
      .fetch(`${base}/slow`, { signal: AbortSignal.timeout(50) })
      .catch((e: Error) => e);
    expect((error as Error).name).toBe("AbortError");
  });

  it("hands non-text bodies (multipart uploads) to the built-in fetch", async () => {
    const form = new FormData();
    form.append("purpose", "batch");
    const response = await transport.fetch(`${base}/echo`, { method: "POST", body: form });
    expect(response.status).toBe(201);
    expect(seen.at(-1)?.contentType).toMatch(/^multipart\/form-data/);
  });
});
