import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "./index.js";

const ask = (client: OpenAI, content: string, extra: Record<string, unknown> = {}) =>
  client.chat.completions.create({ model: "mock-model", messages: [{ role: "user", content }], ...extra });

describe("mock server: chat completions over HTTP", () => {
  let server: MockServer;
  let client: OpenAI;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, seed: 7 });
    client = new OpenAI({ apiKey: "test", baseURL: server.baseUrl, maxRetries: 0 });
  });
  afterAll(() => server.close());

  it("prints a loopback base URL with the chosen port", () => {
    expect(server.baseUrl).toBe(`http://127.0.0.1:${server.port}/v1`);
    expect(server.port).toBeGreaterThan(0);
  });

  it("lists models", async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain("mock-model");
  });

  it("answers in the chat.completion shape with usage", async () => {
    const completion = await ask(client, "Tell me something about loopback networking please.");
    expect(completion.object).toBe("chat.completion");
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.model).toBe("mock-model");
    expect(completion.system_fingerprint).toMatch(/^fp_mock/);
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.choices[0]?.message.content).toContain("loopback");
    const usage = completion.usage;
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
  });

  it("is deterministic for the same request and varies with the request seed", async () => {
    const a = await ask(client, "What is the capital of nowhere?", { seed: 1 });
    const b = await ask(client, "What is the capital of nowhere?", { seed: 1 });
    const c = await ask(client, "What is the capital of nowhere?", { seed: 2 });
    expect(a.choices[0]?.message.content).toBe(b.choices[0]?.message.content);
    expect(c.choices[0]?.message.content).not.toBe(a.choices[0]?.message.content);
  });

  it("stops at max_tokens with finish_reason length", async () => {
    const completion = await ask(client, "Write a long answer about anything at all", { max_tokens: 3 });
    expect(completion.choices[0]?.finish_reason).toBe("length");
    expect(completion.choices[0]?.message.content?.length).toBeLessThanOrEqual(12);
  });

  it("streams when asked", async () => {
    const stream = await client.chat.completions.create({
      model: "mock-model",
      messages: [{ role: "user", content: "stream this please" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let sawUsage = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) sawUsage = true;
    }
    expect(text).toContain("stream this please");
    expect(sawUsage).toBe(true);
  });

  it("rejects a body without messages with an OpenAI-style 400", async () => {
    const error = await client.chat.completions
      .create({ model: "mock-model", messages: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({
      type: "invalid_request_error",
    });
  });

  it("counts requests per endpoint and per prompt, and flags duplicate answers", async () => {
    server.resetStats();
    await ask(client, "count me once");
    await ask(client, "count me once");
    await ask(client, "count me twice", { temperature: 0.5 });
    const stats = server.stats();
    expect(stats.byEndpoint["POST /v1/chat/completions"]).toBe(3);
    expect(Object.keys(stats.chatRequestsByPrompt)).toHaveLength(2);
    expect(Object.values(stats.chatAnswersByPrompt).sort()).toEqual([1, 2]);
    expect(stats.duplicateAnswers).toBe(1);
    const overHttp = (await (await fetch(server.baseUrl.replace("/v1", "/mock/stats"))).json()) as {
      duplicateAnswers: number;
    };
    expect(overHttp.duplicateAnswers).toBe(1);
  });

  it("answers unknown URLs with 404", async () => {
    const response = await fetch(`${server.baseUrl}/nothing-here`);
    expect(response.status).toBe(404);
  });
});

describe("mock server: rate limits and injected faults", () => {
  it("enforces rpm with 429, retry-after and rate-limit headers", async () => {
    const server = await startMockServer({ rpm: 120, rpmBurst: 3 });
    try {
      const client = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      const first = await ask(client, "one").withResponse();
      expect(first.response.headers.get("x-ratelimit-limit-requests")).toBe("120");
      expect(first.response.headers.get("x-ratelimit-remaining-requests")).toBe("2");
      expect(first.response.headers.get("x-ratelimit-reset-requests")).toMatch(/^\d+(\.\d+)?(ms|s)$/);
      await ask(client, "two");
      await ask(client, "three");
      const error = await ask(client, "four").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      const rateError = error as InstanceType<typeof OpenAI.RateLimitError>;
      expect(rateError.code).toBe("rate_limit_exceeded");
      const retryMs = Number(rateError.headers?.get("retry-after-ms"));
      // 120 rpm = one token per 500 ms.
      expect(retryMs).toBeGreaterThan(0);
      expect(retryMs).toBeLessThanOrEqual(500);
      expect(rateError.headers?.get("retry-after")).toBe("1");
      expect(server.stats().rateLimited).toBe(1);
      await new Promise((r) => setTimeout(r, retryMs + 20));
      await expect(ask(client, "five")).resolves.toBeDefined();
    } finally {
      await server.close();
    }
  });

  it("answers the error-rate share with 500 and the client's retries get through", async () => {
    const server = await startMockServer({ errorRate: 0.5, seed: 3 });
    try {
      const noRetry = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          ask(noRetry, `q${i}`).then(
            () => "ok",
            (e: unknown) => e,
          ),
        ),
      );
      const failures = outcomes.filter((o) => o instanceof OpenAI.InternalServerError).length;
      expect(failures).toBeGreaterThan(8);
      expect(failures).toBeLessThan(32);
      expect(server.stats().serverErrors).toBe(failures);
      expect(outcomes.filter((o) => o === "ok").length).toBe(40 - failures);
      const retrying = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 8, timeout: 5000 });
      // The SDK's backoff starts at 0.5 s; keep this to one request.
      await expect(ask(retrying, "eventually")).resolves.toBeDefined();
    } finally {
      await server.close();
    }
  });

  it("breaks the malformed share of answers as not-JSON", async () => {
    const server = await startMockServer({ malformedRate: 0.5, seed: 1 });
    try {
      const client = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      // A task-2 style prompt: well-formed answers are JSON objects.
      const prompt = (i: number) =>
        `Which is better for you (${i})?\nOption 1: I stay home.\nOption 2: I go out.\nAnswer in JSON: {"action": "Option 1" or "Option 2"}`;
      let broken = 0;
      for (let i = 0; i < 20; i++) {
        const content = (await ask(client, prompt(i))).choices[0]?.message.content ?? "";
        const unfenced = content.replace(/^```json\n|\n```$/g, "");
        try {
          expect(JSON.parse(unfenced)).toHaveProperty("action");
        } catch {
          broken++;
        }
      }
      expect(broken).toBe(server.stats().malformed);
      expect(broken).toBeGreaterThan(3);
      expect(broken).toBeLessThan(17);
    } finally {
      await server.close();
    }
  });

  it("drops connections at the drop rate", async () => {
    const server = await startMockServer({ dropRate: 1 });
    try {
      const client = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      const error = await ask(client, "hello").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
      expect(server.stats().dropped).toBe(1);
      await server.setOptions({ dropRate: 0 });
      await expect(ask(client, "hello")).resolves.toBeDefined();
    } finally {
      await server.close();
    }
  });

  it("answers 401 with an OpenAI error body when the API key differs", async () => {
    const server = await startMockServer({ requireApiKey: "sk-right" });
    try {
      const wrong = new OpenAI({ apiKey: "sk-wrong", baseURL: server.baseUrl, maxRetries: 0 });
      const error = await ask(wrong, "hi").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((error as InstanceType<typeof OpenAI.AuthenticationError>).error).toMatchObject({
        type: "invalid_request_error",
        code: "invalid_api_key",
      });
      const right = new OpenAI({ apiKey: "sk-right", baseURL: server.baseUrl, maxRetries: 0 });
      await expect(ask(right, "hi")).resolves.toBeDefined();
    } finally {
      await server.close();
    }
  });

  it("forces failure statuses for a number of requests (insufficient_quota, 404)", async () => {
    const server = await startMockServer({ failStatus: { status: 429, times: 1 } });
    try {
      const client = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      const quota = (await ask(client, "a").catch((e: unknown) => e)) as InstanceType<
        typeof OpenAI.RateLimitError
      >;
      expect(quota).toBeInstanceOf(OpenAI.RateLimitError);
      expect(quota.code).toBe("insufficient_quota");
      await expect(ask(client, "b")).resolves.toBeDefined();
      await server.setOptions({ failStatus: { status: 404 } });
      await expect(ask(client, "c")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
      await expect(ask(client, "d")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
      expect(server.stats().forcedFailures).toBe(3);
    } finally {
      await server.close();
    }
  });

  it("waits the configured latency", async () => {
    const server = await startMockServer({ latencyMs: 80 });
    try {
      const client = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      const started = performance.now();
      await ask(client, "slow");
      expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    } finally {
      await server.close();
    }
  });

  it("rejects invalid options with a clear error", async () => {
    await expect(startMockServer({ errorRate: 2 })).rejects.toThrow(/errorRate/);
  });
});
