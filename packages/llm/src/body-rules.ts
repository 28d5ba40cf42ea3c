import type { ChatRequestBody } from "./request.js";

/**
 * How a provider's OpenAI-compatible endpoint differs in the request body, from its own
 * documentation. Applied before the cache key is computed, so the key covers what is sent.
 */
export interface BodyRules {
  /** Highest temperature the endpoint accepts; larger values are lowered to it. */
  maxTemperature?: number;
  /** The endpoint's name for `seed` (Mistral: `random_seed`). */
  seedField?: "random_seed";
}

export function adaptBody(body: ChatRequestBody, rules: BodyRules | undefined): ChatRequestBody {
  if (rules === undefined) return body;
  const out: ChatRequestBody = { ...body };
  if (
    rules.maxTemperature !== undefined &&
    out.temperature !== undefined &&
    out.temperature > rules.maxTemperature
  )
    out.temperature = rules.maxTemperature;
  if (rules.seedField === "random_seed" && out.seed !== undefined) {
    out.random_seed = out.seed;
    delete out.seed;
  }
  return out;
}
