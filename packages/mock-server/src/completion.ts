import type { ChatRequest } from "./chat-request.js";
import { roughTokens } from "./chat-request.js";

export interface ChoiceAnswer {
  content: string;
  finishReason: "stop" | "length";
}

function usageObject(prompt: number, completion: number) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** A chat.completion object as OpenAI returns it. */
export function chatCompletion(
  id: string,
  request: ChatRequest,
  answers: readonly ChoiceAnswer[],
  promptTokenCount: number,
  systemFingerprint: string,
  createdSeconds: number,
) {
  let completion = 0;
  for (const a of answers) completion += roughTokens(a.content);
  return {
    id,
    object: "chat.completion" as const,
    created: createdSeconds,
    model: request.model,
    choices: answers.map((a, index) => ({
      index,
      message: { role: "assistant" as const, content: a.content, refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: a.finishReason,
    })),
    usage: usageObject(promptTokenCount, completion),
    service_tier: "default",
    system_fingerprint: systemFingerprint,
  };
}

/** Cuts an answer to `max_tokens` the way a real model stops: mid-text, finish_reason "length". */
export function applyMaxTokens(answer: ChoiceAnswer, request: ChatRequest): ChoiceAnswer {
  const limit = request.max_completion_tokens ?? request.max_tokens;
  if (limit == null || roughTokens(answer.content) <= limit) return answer;
  return { content: answer.content.slice(0, limit * 4), finishReason: "length" };
}

/**
 * Breaks an answer the ways real models do: cut off before the closing brace (as in 63 of the
 * study's answers; finish_reason "length") or written with single quotes (a Python dict).
 * Either way the content is not valid JSON.
 */
export function malform(answer: ChoiceAnswer, draw: number): ChoiceAnswer {
  const text = answer.content;
  if (draw < 0.5 && text.includes('"')) {
    return { content: text.replaceAll('"', "'"), finishReason: answer.finishReason };
  }
  const last = text.lastIndexOf("}");
  const cutAt = last > 0 ? Math.max(1, Math.floor(last * (0.55 + 0.4 * draw))) : Math.ceil(text.length / 2);
  return { content: text.slice(0, Math.min(cutAt, last > 0 ? last : cutAt)), finishReason: "length" };
}
