import { z } from "zod";
import { sha256Hex } from "./hash.js";

const contentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z
    .array(
      z.looseObject({
        role: z.string().min(1),
        content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
      }),
    )
    .min(1),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  n: z.number().int().min(1).max(16).nullable().optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  response_format: z.looseObject({ type: z.string() }).nullable().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

function messageText(content: ChatRequest["messages"][number]["content"]): string {
  if (typeof content === "string") return content;
  if (!content) return "";
  return content.map((part) => part.text ?? "").join("");
}

/** How the messages of a request are joined into the text the mock reads. */
export const MESSAGE_SEPARATOR = "\n\n";

/** All message texts, system first as sent: what the mock "reads". */
export function promptText(request: ChatRequest): string {
  return request.messages.map((m) => messageText(m.content)).join(MESSAGE_SEPARATOR);
}

/**
 * Identity of a chat request for the stats: model, messages and every sampling parameter,
 * so two samples that differ only by `seed` count as different prompts.
 */
export function promptHash(request: ChatRequest): string {
  return sha256Hex(
    JSON.stringify([
      request.model,
      request.messages.map((m) => [m.role, messageText(m.content)]),
      request.temperature ?? null,
      request.top_p ?? null,
      request.seed ?? null,
      request.max_tokens ?? request.max_completion_tokens ?? null,
      request.n ?? 1,
      request.response_format?.type ?? null,
    ]),
  ).slice(0, 32);
}

/** Rough token count (chars / 4), enough for usage figures and cost tests. */
export function roughTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function promptTokens(request: ChatRequest): number {
  let total = 3;
  for (const m of request.messages) total += 4 + roughTokens(messageText(m.content));
  return total;
}
