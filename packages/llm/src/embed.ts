import type { OpenAIModelClient } from "./client.js";
import { ProviderError } from "./errors.js";
import { canonicalJson, embeddingKey } from "./request.js";

/** Texts per embeddings request. */
const CHUNK = 256;

/** `client.embed`: one vector per text, each chunk asked once and kept in the store. */
export async function embedTexts(client: OpenAIModelClient, texts: readonly string[]): Promise<number[][]> {
  const out: number[][] = [];
  for (let start = 0; start < texts.length; start += CHUNK) {
    const input = texts.slice(start, start + CHUNK);
    const key = embeddingKey(client.baseUrl, client.model, input);
    const stored = client.store.get(key);
    out.push(...(stored ? (JSON.parse(stored.text) as number[][]) : await fetchChunk(client, key, input)));
  }
  return out;
}

async function fetchChunk(client: OpenAIModelClient, key: string, input: string[]): Promise<number[][]> {
  const body = { model: client.model, input };
  const outcome = await client.retrying({
    scheduler: client.scheduler,
    maxTimeouts: client.maxTimeouts,
    attempt: async () => {
      const slot = await client.scheduler.acquire(0);
      try {
        const response = await client.openai.embeddings.create(body);
        slot.release({ ok: true });
        return response;
      } catch (error) {
        slot.release({ ok: false });
        throw error;
      }
    },
  });
  if (outcome.kind === "permanent") throw outcome.error;
  if (outcome.kind !== "ok") {
    throw new ProviderError(
      `Embeddings failed after ${outcome.attempts} attempt(s) at ${client.baseUrl}`,
      undefined,
    );
  }
  const response = outcome.value;
  const vectors = [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  client.persist({
    key,
    baseUrl: client.baseUrl,
    model: client.model,
    sample: 0,
    requestJson: canonicalJson({ endpoint: "embeddings", ...body }),
    text: JSON.stringify(vectors),
    promptTokens: response.usage?.prompt_tokens ?? 0,
    completionTokens: 0,
    servedModel: response.model ?? null,
    systemFingerprint: null,
    finishReason: null,
    source: "live",
    createdAt: Date.now(),
  });
  return vectors;
}
