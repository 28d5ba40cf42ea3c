import { createRequire } from "node:module";
import type { ChatMessage } from "@valens/core";

type EncodingName = "o200k_base" | "cl100k_base";
interface Encoder {
  encode(text: string): number[];
}

// Loaded on first use: an encoding's ranks take a few hundred milliseconds to load, which
// commands that never count tokens should not pay at start-up.
const require = createRequire(import.meta.url);
const encoders = new Map<EncodingName, Encoder>();

/** o200k_base for the gpt-4o / 4.1 / 5 / o-series families, cl100k_base otherwise (a close estimate for non-OpenAI models). */
export function encodingFor(model: string): EncodingName {
  return /^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d|chatgpt-4o)/.test(model) ? "o200k_base" : "cl100k_base";
}

function encoder(name: EncodingName): Encoder {
  let enc = encoders.get(name);
  if (enc === undefined) {
    // Bundled ranks: no network access needed.
    enc = require(`gpt-tokenizer/encoding/${name}`) as Encoder;
    encoders.set(name, enc);
  }
  return enc;
}

export function countTextTokens(text: string, model: string): number {
  return encoder(encodingFor(model)).encode(text).length;
}

/** Prompt tokens of a chat request, with OpenAI's per-message framing (3 per message + 3 for the reply). */
export function countChatTokens(messages: readonly ChatMessage[], model: string): number {
  const enc = encoder(encodingFor(model));
  let total = 3;
  for (const message of messages) total += 3 + enc.encode(message.content).length + 1;
  return total;
}
