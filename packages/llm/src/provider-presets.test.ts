import { mkdtempSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@valens/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModelClient } from "./client.js";
import { PRESET_PROVIDERS } from "./provider-presets.js";
import { PROVIDERS, resolveModel } from "./providers.js";

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

let mock: MockServer;
let front: Server;
let frontUrl = "";
const seen: Seen[] = [];
const dir = mkdtempSync(join(tmpdir(), "valens-presets-"));

/**
 * A recording front for the mock server: takes requests under any provider's path (e.g.
 * /v1beta/openai/chat/completions), remembers path, headers and body, and forwards them to
 * the mock's /v1/chat/completions so the client gets a real answer.
 */
beforeAll(async () => {
  mock = await startMockServer({});
  front = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      seen.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: raw.length ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>) : {},
      });
      const upstream = request(
        `${mock.baseUrl}/chat/completions`,
        { method: "POST", headers: { "content-type": "application/json" } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.end(raw);
    });
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  frontUrl = `http://127.0.0.1:${(front.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => front.close(() => resolve()));
  await mock.close();
});

const presets = Object.values(PRESET_PROVIDERS);
const job = {
  id: "q",
  messages: [{ role: "user" as const, content: "Say one word." }],
  params: { temperature: 1.5, seed: 7, max_tokens: 20 },
  meta: {},
};

describe("provider presets", () => {
  it("covers the providers researchers use, each with a documented base URL and key variable", () => {
    expect(Object.keys(PRESET_PROVIDERS).sort()).toEqual(
      [
        "anthropic",
        "deepseek",
        "fireworks",
        "gemini",
        "groq",
        "llamacpp",
        "lmstudio",
        "mistral",
        "together",
      ].sort(),
    );
    for (const p of presets) {
      expect(PROVIDERS[p.name]).toBe(p);
      expect(p.defaultBaseUrl).toMatch(/^https?:\/\//);
      expect(p.apiKeyEnv).toMatch(/^[A-Z0-9_]+_API_KEY$/);
      expect(p.baseUrlEnv[0]).toMatch(/_BASE_URL$/);
      expect(p.docs).toMatch(/^https:\/\//);
    }
  });

  it.each(presets.map((p) => [p.name]))(
    "%s: path, headers and body as its documentation says",
    async (name) => {
      const preset = PRESET_PROVIDERS[name];
      if (!preset?.defaultBaseUrl || !preset.apiKeyEnv) throw new Error(`incomplete preset ${name}`);
      const prefix = new URL(preset.defaultBaseUrl).pathname.replace(/\/+$/, "");
      const env = {
        [preset.baseUrlEnv[0] as string]: `${frontUrl}${prefix}`,
        [preset.apiKeyEnv]: `sk-${name}-test`,
      };
      const client = createModelClient(`${name}:some-model`, {
        env,
        config: {},
        storePath: join(dir, `${name}.sqlite`),
      });
      const before = seen.length;
      try {
        const { results } = await client.run([job], { noCache: true });
        expect(results[0]?.ok).toBe(true);
      } finally {
        await client.close();
      }
      const sent = seen.slice(before);
      expect(sent).toHaveLength(1);
      const request = sent[0] as Seen;
      expect(request.method).toBe("POST");
      expect(request.path).toBe(`${prefix}/chat/completions`);
      expect(request.headers.authorization).toBe(`Bearer sk-${name}-test`);
      for (const [header, value] of Object.entries(preset.headers ?? {}))
        expect(request.headers[header.toLowerCase()]).toBe(value);
      expect(request.body.model).toBe("some-model");
      expect(request.body.messages).toEqual([{ role: "user", content: "Say one word." }]);
      expect(request.body.max_tokens).toBe(20);
      // Anthropic accepts temperatures up to 1; Mistral names the seed random_seed.
      expect(request.body.temperature).toBe(name === "anthropic" ? 1 : 1.5);
      if (name === "mistral") {
        expect(request.body.random_seed).toBe(7);
        expect(request.body).not.toHaveProperty("seed");
      } else {
        expect(request.body.seed).toBe(7);
        expect(request.body).not.toHaveProperty("random_seed");
      }
    },
  );

  it("needs the key of hosted providers and not of local servers", () => {
    for (const p of presets) {
      const attempt = () => resolveModel(`${p.name}:m`, { env: {}, config: {} });
      if (p.keyRequired) {
        expect(attempt).toThrow(`No API key for ${p.name}`);
        const hint = (() => {
          try {
            attempt();
          } catch (error) {
            return String((error as { hint?: unknown }).hint);
          }
        })();
        expect(hint).toContain(p.apiKeyEnv as string);
      } else expect(attempt().baseUrl).toBe(p.defaultBaseUrl);
    }
    expect(presets.filter((p) => !p.keyRequired).map((p) => p.name)).toEqual(["lmstudio", "llamacpp"]);
  });
});
