import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock, parseLlmAnswer } from "@valens/core";
import OpenAI, { toFile } from "openai";
import { describe, expect, it } from "vitest";
import { startMockServer } from "./index.js";

/** The parts of a batch output line's body these tests look at. */
interface BatchLineBody {
  object: string;
  usage: { total_tokens: number };
  choices: { message: { content: string } }[];
  error: { type: string };
  data: { embedding: number[] }[];
}

const taskLine = (i: number) =>
  JSON.stringify({
    custom_id: `job-${i}`,
    method: "POST",
    url: "/v1/chat/completions",
    body: {
      model: "mock-model",
      temperature: 0,
      messages: [
        {
          role: "user",
          content: `Suppose you are from India. In the context of Politics, which action reflects the value 'Wealth'?\nOption 1: I give money away (${i}).\nOption 2: I save money (${i}).\nAnswer in JSON: {"action": "Option 1" or "Option 2"}`,
        },
      ],
    },
  });

async function upload(client: OpenAI, lines: string[]) {
  return client.files.create({
    file: await toFile(Buffer.from(`${lines.join("\n")}\n`), "input.jsonl"),
    purpose: "batch",
  });
}

/** Polls, stepping the server's clock by `stepMs` between polls (no wall-clock waits). */
async function waitFor(client: OpenAI, clock: ManualClock, id: string, seen: string[] = [], stepMs = 10) {
  for (let i = 0; i < 1000; i++) {
    const batch = await client.batches.retrieve(id);
    if (seen.at(-1) !== batch.status) seen.push(batch.status);
    if (["completed", "failed", "cancelled", "expired"].includes(batch.status)) return batch;
    await clock.advance(stepMs);
  }
  throw new Error("batch did not finish");
}

const rows = async (client: OpenAI, fileId: string | null | undefined) =>
  fileId
    ? (await (await client.files.content(fileId)).text())
        .trim()
        .split("\n")
        .map(
          (l) =>
            JSON.parse(l) as {
              custom_id: string;
              response: { status_code: number; body: BatchLineBody };
              error: null;
            },
        )
    : [];

describe("mock server: files and batches with the openai client", () => {
  it("uploads, runs a batch through its states on the server's clock, and serves the output", async () => {
    const clock = new ManualClock();
    const server = await startMockServer(
      { batchDelayMs: 300, persona: { task2: { default: "negative" } } },
      { clock },
    );
    try {
      const client = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      const file = await upload(client, [taskLine(1), taskLine(2), taskLine(3)]);
      expect(file).toMatchObject({ object: "file", purpose: "batch", filename: "input.jsonl" });
      expect((await client.files.retrieve(file.id)).bytes).toBe(file.bytes);
      const created = await client.batches.create({
        input_file_id: file.id,
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
        metadata: { run: "test" },
      });
      expect(created.status).toBe("validating");
      const seen: string[] = [];
      const done = await waitFor(client, clock, created.id, seen);
      expect(seen).toEqual(["validating", "in_progress", "finalizing", "completed"]);
      expect(done.request_counts).toEqual({ total: 3, completed: 3, failed: 0 });
      expect(done.error_file_id).toBeNull();
      const output = await rows(client, done.output_file_id);
      expect(output.map((r) => r.custom_id).sort()).toEqual(["job-1", "job-2", "job-3"]);
      for (const row of output) {
        expect(row.response.status_code).toBe(200);
        expect(row.response.body.object).toBe("chat.completion");
        expect(row.response.body.usage.total_tokens).toBeGreaterThan(0);
        const answer = parseLlmAnswer(row.response.body.choices[0]?.message.content ?? "");
        expect(answer.ok && answer.value.action).toBe("Option 1");
      }
      const list = await client.batches.list();
      expect(list.data.map((b) => b.id)).toContain(created.id);
      const stats = server.stats();
      expect(stats.byEndpoint["BATCH /v1/chat/completions"]).toBe(3);
      expect(Object.keys(stats.chatAnswersByPrompt)).toHaveLength(3);
      expect(stats.duplicateAnswers).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("progresses while no client polls, so a new client collects a batch an earlier one started", async () => {
    const clock = new ManualClock();
    const server = await startMockServer({ batchDelayMs: 100 }, { clock });
    try {
      const first = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      const file = await upload(first, [taskLine(1)]);
      const { id } = await first.batches.create({
        input_file_id: file.id,
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
      });
      expect(server.stats().byEndpoint["BATCH /v1/chat/completions"]).toBeUndefined();
      await clock.advance(250);
      // The server finished on its own clock: its counters show the row was answered.
      expect(server.stats().byEndpoint["BATCH /v1/chat/completions"]).toBe(1);
      const second = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      const batch = await second.batches.retrieve(id);
      expect(batch.status).toBe("completed");
      expect(await rows(second, batch.output_file_id)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("puts rows hit by the error rate in the error file", async () => {
    const clock = new ManualClock();
    const server = await startMockServer({ batchDelayMs: 50, errorRate: 0.5, seed: 2 }, { clock });
    try {
      const client = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      const file = await upload(
        client,
        Array.from({ length: 20 }, (_, i) => taskLine(i)),
      );
      const created = await client.batches.create({
        input_file_id: file.id,
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
      });
      const done = await waitFor(client, clock, created.id);
      const output = await rows(client, done.output_file_id);
      const errors = await rows(client, done.error_file_id);
      expect(errors.length).toBeGreaterThan(0);
      expect(output.length).toBeGreaterThan(0);
      expect(output.length + errors.length).toBe(20);
      expect(done.request_counts).toEqual({ total: 20, completed: output.length, failed: errors.length });
      expect(errors[0]?.response.status_code).toBe(500);
      expect(errors[0]?.response.body.error.type).toBe("server_error");
    } finally {
      await server.close();
    }
  });

  it("fails a batch whose input does not validate, naming the line", async () => {
    const clock = new ManualClock();
    const server = await startMockServer({ batchDelayMs: 20 }, { clock });
    try {
      const client = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      const bad = JSON.stringify({ custom_id: "x", method: "POST", url: "/v1/embeddings", body: {} });
      const file = await upload(client, [taskLine(1), bad]);
      const created = await client.batches.create({
        input_file_id: file.id,
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
      });
      const done = await waitFor(client, clock, created.id);
      expect(done.status).toBe("failed");
      expect(done.errors?.data?.[0]).toMatchObject({ code: "mismatched_url", line: 2 });
      await expect(
        client.batches.create({
          input_file_id: "file-nope",
          endpoint: "/v1/chat/completions",
          completion_window: "24h",
        }),
      ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    } finally {
      await server.close();
    }
  });

  it("cancels a running batch and embeds in batches too", async () => {
    const clock = new ManualClock();
    const server = await startMockServer({ batchDelayMs: 5_000 }, { clock });
    try {
      const client = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
      const file = await upload(client, [taskLine(1), taskLine(2)]);
      const created = await client.batches.create({
        input_file_id: file.id,
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
      });
      const cancelling = await client.batches.cancel(created.id);
      expect(cancelling.status).toBe("cancelling");
      const done = await waitFor(client, clock, created.id);
      expect(done.status).toBe("cancelled");
      await server.setOptions({ batchDelayMs: 30 });
      const embedLine = JSON.stringify({
        custom_id: "e1",
        method: "POST",
        url: "/v1/embeddings",
        body: { model: "m", input: "hello", encoding_format: "float" },
      });
      const embedFile = await upload(client, [embedLine]);
      const embedBatch = await client.batches.create({
        input_file_id: embedFile.id,
        endpoint: "/v1/embeddings",
        completion_window: "24h",
      });
      const embedded = await waitFor(client, clock, embedBatch.id);
      const [row] = await rows(client, embedded.output_file_id);
      expect(row?.response.body.data[0]?.embedding).toHaveLength(64);
    } finally {
      await server.close();
    }
  });

  it("keeps files and batches across a restart with a state directory", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "valens-mock-state-"));
    const clock = new ManualClock();
    const first = await startMockServer({ batchDelayMs: 400, stateDir }, { clock });
    const client = new OpenAI({ apiKey: "x", baseURL: first.baseUrl, maxRetries: 0 });
    const file = await upload(client, [taskLine(1), taskLine(2)]);
    const { id } = await client.batches.create({
      input_file_id: file.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    await first.close();
    await clock.advance(100);
    const second = await startMockServer({ batchDelayMs: 400, stateDir }, { clock });
    try {
      const again = new OpenAI({ apiKey: "x", baseURL: second.baseUrl, maxRetries: 0 });
      const done = await waitFor(again, clock, id);
      expect(done.status).toBe("completed");
      expect(await rows(again, done.output_file_id)).toHaveLength(2);
      expect((await again.files.retrieve(file.id)).id).toBe(file.id);
    } finally {
      await second.close();
    }
  });
});
