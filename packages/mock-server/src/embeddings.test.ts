import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, mockEmbedding, startMockServer } from "./index.js";

const cosine = (a: readonly number[], b: readonly number[]) =>
  a.reduce((s, x, i) => s + x * (b[i] as number), 0);

describe("mock server: embeddings", () => {
  let server: MockServer;
  let client: OpenAI;
  beforeAll(async () => {
    server = await startMockServer({});
    client = new OpenAI({ apiKey: "x", baseURL: server.baseUrl, maxRetries: 0 });
  });
  afterAll(() => server.close());

  it("returns deterministic unit vectors for a batch of texts (base64, as the SDK asks)", async () => {
    const texts = ["I donate to charity.", "I donate to local charity.", "Tax policy is complicated."];
    const first = await client.embeddings.create({ model: "text-embedding-3-small", input: texts });
    const again = await client.embeddings.create({ model: "text-embedding-3-small", input: texts });
    expect(first.data).toHaveLength(3);
    expect(first.usage.prompt_tokens).toBeGreaterThan(0);
    const vectors = first.data.map((d) => d.embedding);
    expect(vectors[0]).toHaveLength(64);
    for (const v of vectors) expect(Math.abs(cosine(v, v) - 1)).toBeLessThan(1e-5);
    expect(again.data.map((d) => d.embedding)).toEqual(vectors);
    // Texts that share words are closer than unrelated ones.
    expect(cosine(vectors[0] as number[], vectors[1] as number[])).toBeGreaterThan(
      cosine(vectors[0] as number[], vectors[2] as number[]),
    );
    expect(Array.from(mockEmbedding(texts[0] as string, 64))).toEqual(
      (vectors[0] as number[]).map((x) => Math.fround(x)),
    );
  });

  it("accepts a single string, float encoding and a dimensions parameter", async () => {
    const response = await client.embeddings.create({
      model: "m",
      input: "hello",
      dimensions: 8,
      encoding_format: "float",
    });
    expect(response.data[0]?.embedding).toHaveLength(8);
    expect(server.stats().byEndpoint["POST /v1/embeddings"]).toBe(3);
  });
});
