import { z } from "zod";
import { MalformedResponseError } from "./classify.js";

/** The parts of a chat.completion we keep; anything else in the body is ignored. */
const completionSchema = z.object({
  model: z.string().optional(),
  system_fingerprint: z.string().nullable().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullable().optional(),
          refusal: z.string().nullable().optional(),
        }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().int().nonnegative(),
      completion_tokens: z.number().int().nonnegative(),
    })
    .nullable()
    .optional(),
});

export interface ParsedCompletion {
  text: string;
  finishReason: string | null;
  servedModel: string | null;
  systemFingerprint: string | null;
  promptTokens: number;
  completionTokens: number;
}

/**
 * Reads a chat.completion body. The answer text is kept exactly as received (even when it is
 * not the JSON the prompt asked for); only a body that is not a completion at all is an error.
 */
export function parseCompletionBody(raw: string): ParsedCompletion {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new MalformedResponseError("the response body is not JSON", raw.slice(0, 2000));
  }
  const result = completionSchema.safeParse(json);
  if (!result.success) {
    throw new MalformedResponseError("the response is not a chat completion", raw.slice(0, 2000));
  }
  const body = result.data;
  const choice = body.choices[0] as (typeof body.choices)[number];
  return {
    text: choice.message.content ?? choice.message.refusal ?? "",
    finishReason: choice.finish_reason ?? null,
    servedModel: body.model ?? null,
    systemFingerprint: body.system_fingerprint ?? null,
    promptTokens: body.usage?.prompt_tokens ?? 0,
    completionTokens: body.usage?.completion_tokens ?? 0,
  };
}
