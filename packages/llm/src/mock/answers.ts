import type { ChatRequest } from "./chat-request.js";
import { promptText } from "./chat-request.js";
import { genericAnswer } from "./generic-answer.js";

export type PromptKind = "task1" | "task2" | "generation" | "generic";

export interface ModelAnswer {
  content: string;
  kind: PromptKind;
}

/** Reads a prompt and answers like a model would. */
export class AnswerEngine {
  constructor(readonly seed: number) {}

  answer(request: ChatRequest, choiceIndex: number): ModelAnswer {
    const text = promptText(request);
    const sample = `${request.seed ?? ""}|${request.temperature ?? ""}|${choiceIndex}`;
    return { content: genericAnswer(text, this.seed, sample), kind: "generic" };
  }
}
