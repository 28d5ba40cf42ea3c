import { createRng } from "@valens/core";
import { z } from "zod";
import { roughTokens } from "./chat-request.js";
import { hash32 } from "./hash.js";

export const embeddingRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int()).min(1)).min(1),
  ]),
  dimensions: z.number().int().min(1).max(8192).optional(),
  encoding_format: z.enum(["float", "base64"]).optional(),
  user: z.string().optional(),
});
export type EmbeddingRequest = z.infer<typeof embeddingRequestSchema>;

/**
 * A deterministic unit vector for a text: the sum of one pseudo-random Gaussian vector per
 * lower-cased word plus a small whole-text component, normalised. Texts sharing words are
 * closer, so tests and demos get meaningful similarities; the same text always maps to the
 * same vector.
 */
export function mockEmbedding(text: string, dimensions: number): Float32Array {
  const sum = new Float64Array(dimensions);
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  for (const word of words) addGaussian(sum, hash32(`w:${word}`), 1);
  addGaussian(sum, hash32(`t:${text}`), words.length === 0 ? 1 : 0.25 * Math.sqrt(words.length));
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += (sum[i] as number) ** 2;
  norm = Math.sqrt(norm) || 1;
  const out = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) out[i] = (sum[i] as number) / norm;
  return out;
}

function addGaussian(target: Float64Array, seed: number, weight: number): void {
  const random = createRng(seed);
  for (let i = 0; i < target.length; i += 2) {
    // Box-Muller: two normal draws per pair of uniforms.
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const theta = 2 * Math.PI * random();
    target[i] = (target[i] as number) + weight * r * Math.cos(theta);
    if (i + 1 < target.length) target[i + 1] = (target[i + 1] as number) + weight * r * Math.sin(theta);
  }
}

function embeddingInputs(request: EmbeddingRequest): string[] {
  const input = request.input;
  if (typeof input === "string") return [input];
  if (input.length > 0 && typeof input[0] === "number") return [(input as number[]).join(",")];
  return (input as (string | number[])[]).map((x) => (typeof x === "string" ? x : x.join(",")));
}

/** The embeddings response as OpenAI sends it (base64 is what the openai SDK asks for by default). */
export function embeddingResponse(request: EmbeddingRequest, defaultDimensions: number) {
  const texts = embeddingInputs(request);
  const dimensions = request.dimensions ?? defaultDimensions;
  let tokens = 0;
  const data = texts.map((text, index) => {
    tokens += Math.max(1, roughTokens(text));
    const vector = mockEmbedding(text, dimensions);
    return {
      object: "embedding" as const,
      index,
      embedding:
        request.encoding_format === "base64"
          ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString("base64")
          : Array.from(vector),
    };
  });
  return {
    object: "list" as const,
    data,
    model: request.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
